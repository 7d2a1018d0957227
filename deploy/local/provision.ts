import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateBoxKeyPair, generateSigningKeyPair } from '@bfa/crypto';
import { OrganisationKeys } from '@bfa/protocol';
import { holdKeyCeremony } from '../../apps/cli/src/keys/key-ceremony';

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
 * Local set-up of a cluster: per organisation a node identity (Ed25519 signing, X25519 for sealed shares)
 * and a steward signing key (in real life on the steward's own device); the public registry; then the
 * same key ceremony `bfa keys ceremony` runs, sealing each t-of-n share into its node's key-shares/.
 */
export async function provisionCluster(dir: string, orgs: string[], keyBits: number, threshold: number): Promise<Provisioned> {
  const keys: Record<string, OrganisationKeys> = {};
  const organisations = orgs.map((org) => {
    const dataDir = join(dir, 'nodes', org);
    const stewardDir = join(dir, 'stewards');
    mkdirSync(dataDir, { recursive: true });
    mkdirSync(stewardDir, { recursive: true });
    const node = generateSigningKeyPair();
    const box = generateBoxKeyPair();
    const steward = generateSigningKeyPair();
    writeSecret(join(dataDir, 'node-identity.json'), { org, ...node, boxPublicKey: box.publicKey, boxSecretKey: box.secretKey });
    const stewardKeyFile = join(stewardDir, `${org}.json`);
    writeSecret(stewardKeyFile, { org, ...steward });
    keys[org] = { nodePublicKey: node.publicKey, stewardPublicKey: steward.publicKey, boxPublicKey: box.publicKey };
    return { org, dataDir, stewardKeyFile };
  });
  const registryFile = join(dir, 'registry.json');
  writeFileSync(registryFile, JSON.stringify({ organisations: keys }, null, 2));
  await holdKeyCeremony({ registryFile, outDir: join(dir, 'nodes'), bits: keyBits, threshold, holders: orgs });
  return { registryFile, organisations };
}
