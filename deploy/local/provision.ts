import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSigningKeyPair, generateThresholdKey } from '@bfa/crypto';
import { Registry } from '@bfa/protocol';

export interface ProvisionedOrganisation {
  org: string;
  dataDir: string;
  stewardKeyFile: string;
}

export interface Provisioned {
  registryFile: string;
  organisations: ProvisionedOrganisation[];
}

function writeSecret(file: string, value: unknown): void {
  writeFileSync(file, JSON.stringify(value, null, 2), { mode: 0o600 });
}

/**
 * Local set-up of a cluster's key material: per organisation a node signing key, a steward signing key
 * (in real life on the steward's own device) and its t-of-n share of the Paillier decryption key; and
 * the public registry. The full decryption key is never written anywhere. This plays the trusted dealer
 * for demo and tests; the sealed key ceremony (shares boxed to each partner's X25519 key) is next.
 */
export async function provisionCluster(dir: string, orgs: string[], keyBits: number, threshold: number): Promise<Provisioned> {
  const { publicKey, shares } = await generateThresholdKey(keyBits, orgs, threshold);
  const registry: Registry = { paillier: publicKey, organisations: {} };
  const organisations = orgs.map((org, i) => {
    const dataDir = join(dir, 'nodes', org);
    const stewardDir = join(dir, 'stewards');
    mkdirSync(dataDir, { recursive: true });
    mkdirSync(stewardDir, { recursive: true });
    const node = generateSigningKeyPair();
    const steward = generateSigningKeyPair();
    writeSecret(join(dataDir, 'node-identity.json'), { org, ...node });
    writeSecret(join(dataDir, 'key-share.json'), shares[i]);
    const stewardKeyFile = join(stewardDir, `${org}.json`);
    writeSecret(stewardKeyFile, { org, ...steward });
    registry.organisations[org] = { nodePublicKey: node.publicKey, stewardPublicKey: steward.publicKey };
    return { org, dataDir, stewardKeyFile };
  });
  const registryFile = join(dir, 'registry.json');
  writeFileSync(registryFile, JSON.stringify(registry, null, 2));
  return { registryFile, organisations };
}
