import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSealedPseudonymSecret } from '@bfa/combination';
import { generateBoxKeyPair } from '@bfa/crypto';
import { holdPseudonymCeremony } from './pseudonym-ceremony';

const ORGS = ['gemeente', 'ggd', 'sterkhuis'];
/** holdPseudonymCeremony never reads the Paillier key, only keeps it. */
const PAILLIER = { keyId: 'pk-kept', scheme: 'shoup-t-of-n', n: 'c1', bits: 8, threshold: 2, holders: ORGS };

describe('bfa keys pseudonym-ceremony', () => {
  const boxKeys = Object.fromEntries(ORGS.map((org) => [org, generateBoxKeyPair()]));
  let dir: string;
  let registryFile: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bfa-pseudonym-ceremony-'));
    registryFile = join(dir, 'registry.json');
    const organisations = Object.fromEntries(
      ORGS.map((org) => [org, { nodePublicKey: 'n', stewardPublicKey: 's', boxPublicKey: boxKeys[org].publicKey }]),
    );
    writeFileSync(registryFile, JSON.stringify({ paillier: PAILLIER, organisations }));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const sealedFile = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

  it('seals one secret to every holder, openable by that holder alone, and names it in the registry', () => {
    const outcome = holdPseudonymCeremony({ registryFile, outDir: join(dir, 'out') });
    for (const org of ORGS) {
      const file = outcome.sealedSecretFiles[org];
      expect(file).toBe(join(dir, 'out', org, 'pseudonym-secrets', `${outcome.secretId}.sealed.json`));
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(openSealedPseudonymSecret(sealedFile(file), boxKeys[org].secretKey).secretId).toBe(outcome.secretId);
    }
    expect(() =>
      openSealedPseudonymSecret(sealedFile(outcome.sealedSecretFiles.ggd), boxKeys.gemeente.secretKey),
    ).toThrow(/does not open/);
    expect(existsSync(outcome.transcriptFile)).toBe(true);
    const registry = JSON.parse(readFileSync(registryFile, 'utf8'));
    expect(registry.pseudonyms).toEqual({ secretId: outcome.secretId, holders: ORGS });
    expect(registry.paillier).toEqual(PAILLIER);
    expect(Object.keys(registry.organisations)).toEqual(ORGS);
  });

  it('rotates: a second ceremony gives a new secret id and leaves the old sealed secrets for queries still under it', () => {
    const first = holdPseudonymCeremony({ registryFile, outDir: join(dir, 'out'), holders: ['ggd', 'sterkhuis'] });
    const second = holdPseudonymCeremony({ registryFile, outDir: join(dir, 'out'), holders: ['ggd', 'sterkhuis'] });
    expect(second.secretId).not.toBe(first.secretId);
    expect(second.previousSecretId).toBe(first.secretId);
    expect(JSON.parse(readFileSync(registryFile, 'utf8')).pseudonyms).toEqual({
      secretId: second.secretId,
      holders: ['ggd', 'sterkhuis'],
    });
    expect(readdirSync(join(dir, 'out', 'ggd', 'pseudonym-secrets')).sort()).toEqual(
      [`${first.secretId}.sealed.json`, `${second.secretId}.sealed.json`].sort(),
    );
  });

  it('refuses holders without an X25519 key in the registry', () => {
    expect(() =>
      holdPseudonymCeremony({ registryFile, outDir: join(dir, 'out'), holders: ['gemeente', 'mallory'] }),
    ).toThrow(/no X25519 key \(boxPublicKey\) for mallory/);
  });
});
