import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPseudonymCeremony } from '@bfa/combination';
import { BoxKeyPair, generateBoxKeyPair, writeKeyFile } from '@bfa/crypto';
import { Refusal } from '@bfa/runtime';
import { NodeConfig } from '../node.config';
import { loadPseudonymSecrets, NodeIdentity, NodeKeys, PSEUDONYM_SECRETS_DIR } from './node-keys';

const ORGS = ['gemeente', 'ggd'];

describe("a node's pseudonym secrets", () => {
  const boxKeys: Record<string, BoxKeyPair> = Object.fromEntries(ORGS.map((org) => [org, generateBoxKeyPair()]));
  const holders = ORGS.map((org) => ({ org, boxPublicKey: boxKeys[org].publicKey }));
  const ceremonies = [runPseudonymCeremony(holders), runPseudonymCeremony(holders)];
  const identity: NodeIdentity = {
    org: 'gemeente',
    publicKey: 'p',
    secretKey: 's',
    boxPublicKey: boxKeys.gemeente.publicKey,
    boxSecretKey: boxKeys.gemeente.secretKey,
  };
  let dataDir: string;
  let secretsDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bfa-node-keys-'));
    secretsDir = join(dataDir, PSEUDONYM_SECRETS_DIR);
    mkdirSync(secretsDir);
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  function writeSealed(holder: string, ceremony = ceremonies[0], name = `${ceremony.secretId}.sealed.json`): string {
    const sealed = ceremony.sealedSecrets.find((s) => s.holder === holder)!;
    writeFileSync(join(secretsDir, name), JSON.stringify(sealed));
    return name;
  }

  it('opens every secret sealed to this node, the old ones included', () => {
    for (const ceremony of ceremonies) writeSealed('gemeente', ceremony);
    expect([...loadPseudonymSecrets(secretsDir, identity).keys()].sort()).toEqual(
      ceremonies.map((c) => c.secretId).sort(),
    );
  });

  it("refuses to start with another holder's secret, or one that does not open, naming the file", () => {
    const theirs = writeSealed('ggd');
    expect(() => loadPseudonymSecrets(secretsDir, identity)).toThrow(
      `${PSEUDONYM_SECRETS_DIR}/${theirs} is ggd's pseudonym secret, not gemeente's`,
    );
    rmSync(join(secretsDir, theirs));
    const stranger = writeSealed('gemeente', ceremonies[0], 'stranger.sealed.json');
    expect(() =>
      loadPseudonymSecrets(secretsDir, { ...identity, boxSecretKey: generateBoxKeyPair().secretKey }),
    ).toThrow(`${PSEUDONYM_SECRETS_DIR}/${stranger}: `);
  });

  describe('NodeKeys', () => {
    function load(pseudonyms: { secretId: string; holders: string[] }, keyHolders: string[] = []): NodeKeys {
      const registryFile = join(dataDir, 'registry.json');
      const paillier = {
        keyId: 'pk-unused',
        scheme: 'shoup-t-of-n',
        n: 'c1',
        bits: 8,
        threshold: 1,
        holders: keyHolders,
      };
      const organisations = Object.fromEntries(
        ORGS.map((org) => [org, { nodePublicKey: 'n', stewardPublicKey: 's', boxPublicKey: boxKeys[org].publicKey }]),
      );
      writeFileSync(
        registryFile,
        JSON.stringify({ paillier, organisations, coordinator: { publicKey: 'c' }, pseudonyms }),
      );
      const identityFile = join(dataDir, 'keys', 'identity.json');
      writeKeyFile(identityFile, identity);
      return NodeKeys.load({ org: 'gemeente', dataDir, registryFile, identityFile } as NodeConfig);
    }

    it('gives the secret a query names, and refuses one it does not hold', () => {
      writeSealed('gemeente');
      const keys = load({ secretId: ceremonies[0].secretId, holders: ORGS });
      expect(keys.boxSecretKey).toBe(identity.boxSecretKey);
      expect(keys.pseudonymSecret(ceremonies[0].secretId).secretId).toBe(ceremonies[0].secretId);
      expect(() => keys.pseudonymSecret(ceremonies[1].secretId)).toThrow(Refusal);
      expect(() => keys.pseudonymSecret(ceremonies[1].secretId)).toThrow(
        `gemeente holds no pseudonym secret ${ceremonies[1].secretId}`,
      );
    });

    it("starts as a holder of the registry's key without its share, and says the share is not opened (for /health/ready)", () => {
      writeSealed('gemeente');
      const pseudonyms = { secretId: ceremonies[0].secretId, holders: ORGS };
      expect(load(pseudonyms, ['gemeente', 'ggd']).keyShareProblem()).toBe(
        "key share not opened: gemeente is a holder of the registry's key pk-unused but has no sealed share of it in key-shares/",
      );
      expect(() => load(pseudonyms, ['gemeente', 'ggd']).heldKey('pk-unused')).toThrow(
        'gemeente holds no share of key pk-unused',
      );
      expect(load(pseudonyms, ['ggd']).keyShareProblem()).toBeUndefined();
    });

    it("refuses to start as a holder of the registry's secret without it", () => {
      writeSealed('gemeente', ceremonies[0]);
      expect(() => load({ secretId: ceremonies[1].secretId, holders: ORGS })).toThrow(
        /holder of the registry's pseudonym secret .* but has no sealed copy/,
      );
    });
  });
});
