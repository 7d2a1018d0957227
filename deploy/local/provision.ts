import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateBoxKeyPair, generateSigningKeyPair, writeKeyFile } from '@bfa/crypto';
import { PrincipalDirectory } from '@bfa/access';
import { OrganisationKeys } from '@bfa/protocol';
import { holdKeyCeremony } from '../../apps/cli/src/keys/key-ceremony';
import { holdPseudonymCeremony } from '../../apps/cli/src/keys/pseudonym-ceremony';
import { NatsTls, provisionNatsTls } from './nats-tls';

export interface ProvisionedOrganisation {
  org: string;
  dataDir: string;
  /** The node's identity (BFA_IDENTITY_FILE): under keys/<org>/, never in the data directory next to its log. */
  identityFile: string;
  stewardKeyFile: string;
}

export interface Provisioned {
  registryFile: string;
  /** The coordinator's identity: keys/coordinator/identity.json. */
  coordinatorIdentityFile: string;
  organisations: ProvisionedOrganisation[];
  /** Key files of the analysts and the ethics board, by principal id. */
  users: Record<string, string>;
  /** nats-server's certificate and key, and the private CA every process checks it against. */
  natsTls: NatsTls;
}

/** Who the local cluster knows besides each organisation's steward (`steward.<org>`). */
export const LOCAL_ANALYSTS = ['analyst.smartstart', 'analyst.other'];
export const LOCAL_ETHICS_BOARD = ['ethics.board'];

function writeSecret(file: string, value: unknown): void {
  writeFileSync(file, JSON.stringify(value, null, 2), { mode: 0o600 });
}

/**
 * Local set-up of a cluster: per organisation a node identity (Ed25519 signing, X25519 for sealed shares)
 * and a steward signing key (in real life on the steward's own device); the coordinator's identity (Ed25519
 * signing, X25519 for the partial decryptions sealed to it); the public registry; then the same key ceremony
 * `bfa keys ceremony` runs, sealing each t-of-n share into its node's key-shares/, and the pseudonym ceremony
 * `bfa keys pseudonym-ceremony` runs, sealing the secret into pseudonym-secrets/; and nats-server's TLS certificate.
 */
export async function provisionCluster(
  dir: string,
  orgs: string[],
  keyBits: number,
  threshold: number,
  extraAnalysts: string[] = [],
): Promise<Provisioned> {
  const keys: Record<string, OrganisationKeys> = {};
  const principals: PrincipalDirectory = {};
  const organisations = orgs.map((org) => {
    const dataDir = join(dir, 'nodes', org);
    const stewardDir = join(dir, 'stewards');
    mkdirSync(dataDir, { recursive: true });
    mkdirSync(stewardDir, { recursive: true });
    const node = generateSigningKeyPair();
    const box = generateBoxKeyPair();
    const steward = generateSigningKeyPair();
    const identityFile = join(dir, 'keys', org, 'identity.json');
    writeKeyFile(identityFile, { org, ...node, boxPublicKey: box.publicKey, boxSecretKey: box.secretKey });
    const stewardKeyFile = join(stewardDir, `${org}.json`);
    writeSecret(stewardKeyFile, { id: `steward.${org}`, org, ...steward });
    keys[org] = { nodePublicKey: node.publicKey, stewardPublicKey: steward.publicKey, boxPublicKey: box.publicKey };
    principals[`steward.${org}`] = { role: 'steward', org, publicKey: steward.publicKey };
    return { org, dataDir, identityFile, stewardKeyFile };
  });
  const users = provisionUsers(join(dir, 'users'), principals, extraAnalysts);
  const coordinator = generateSigningKeyPair();
  const coordinatorBox = generateBoxKeyPair();
  const coordinatorIdentityFile = join(dir, 'keys', 'coordinator', 'identity.json');
  writeKeyFile(coordinatorIdentityFile, {
    ...coordinator,
    boxPublicKey: coordinatorBox.publicKey,
    boxSecretKey: coordinatorBox.secretKey,
  });
  const registryFile = join(dir, 'registry.json');
  const registry = {
    coordinator: { publicKey: coordinator.publicKey, boxPublicKey: coordinatorBox.publicKey },
    organisations: keys,
    principals,
  };
  writeFileSync(registryFile, JSON.stringify(registry, null, 2));
  await holdKeyCeremony({ registryFile, outDir: join(dir, 'nodes'), bits: keyBits, threshold, holders: orgs });
  holdPseudonymCeremony({ registryFile, outDir: join(dir, 'nodes'), holders: orgs });
  return {
    registryFile,
    coordinatorIdentityFile,
    organisations,
    users,
    natsTls: provisionNatsTls(join(dir, 'nats-tls')),
  };
}

function provisionUsers(dir: string, principals: PrincipalDirectory, extraAnalysts: string[]): Record<string, string> {
  mkdirSync(dir, { recursive: true });
  const roles = [
    ...[...LOCAL_ANALYSTS, ...extraAnalysts].map((id) => [id, 'analyst'] as const),
    ...LOCAL_ETHICS_BOARD.map((id) => [id, 'ethics-board'] as const),
  ];
  return Object.fromEntries(
    roles.map(([id, role]) => {
      const pair = generateSigningKeyPair();
      principals[id] = { role, publicKey: pair.publicKey };
      const file = join(dir, `${id}.json`);
      writeSecret(file, { id, ...pair });
      return [id, file];
    }),
  );
}
