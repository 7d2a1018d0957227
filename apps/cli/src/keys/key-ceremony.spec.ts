import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBoxKeyPair, openSealedShare } from '@bfa/crypto';
import { holdKeyCeremony } from './key-ceremony';

const ORGS = ['gemeente', 'ggd', 'sterkhuis'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) =>
    statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)],
  );
}

describe('bfa keys ceremony', () => {
  const boxKeys = Object.fromEntries(ORGS.map((org) => [org, generateBoxKeyPair()]));
  let dir: string;
  let registryFile: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bfa-ceremony-'));
    registryFile = join(dir, 'registry.json');
    const organisations = Object.fromEntries(
      ORGS.map((org) => [org, { nodePublicKey: 'n', stewardPublicKey: 's', boxPublicKey: boxKeys[org].publicKey }]),
    );
    writeFileSync(registryFile, JSON.stringify({ organisations }));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one sealed share per holder and the public key into the registry, and no share in the clear anywhere', async () => {
    const outcome = await holdKeyCeremony({ registryFile, outDir: join(dir, 'out'), bits: 512 });
    const registry = JSON.parse(readFileSync(registryFile, 'utf8'));
    expect(registry.paillier).toMatchObject({ keyId: outcome.transcript.keyId, threshold: 2, holders: ORGS });
    const written = filesUnder(dir)
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    for (const org of ORGS) {
      const sealed = JSON.parse(readFileSync(outcome.sealedShareFiles[org], 'utf8'));
      expect(outcome.sealedShareFiles[org]).toBe(
        join(dir, 'out', org, 'key-shares', `${outcome.transcript.keyId}.sealed.json`),
      );
      expect(written).not.toContain(openSealedShare(sealed, boxKeys[org].secretKey).share);
    }
  });

  it('rotates: a second ceremony gives a new key id, replaces the registry key and leaves the old shares for queries still under it', async () => {
    const first = await holdKeyCeremony({ registryFile, outDir: join(dir, 'out'), bits: 512 });
    const second = await holdKeyCeremony({ registryFile, outDir: join(dir, 'out'), bits: 512, threshold: 3 });
    expect(second.transcript.keyId).not.toBe(first.transcript.keyId);
    expect(second.previousKeyId).toBe(first.transcript.keyId);
    expect(JSON.parse(readFileSync(registryFile, 'utf8')).paillier.keyId).toBe(second.transcript.keyId);
    expect(readdirSync(join(dir, 'out', 'ggd', 'key-shares')).sort()).toEqual(
      [`${first.transcript.keyId}.sealed.json`, `${second.transcript.keyId}.sealed.json`].sort(),
    );
  });

  it('refuses holders without an X25519 key in the registry', async () => {
    await expect(
      holdKeyCeremony({ registryFile, outDir: join(dir, 'out'), bits: 512, holders: ['gemeente', 'mallory'] }),
    ).rejects.toThrow(/no X25519 key \(boxPublicKey\) for mallory/);
  });
});
