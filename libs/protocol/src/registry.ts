import { readFileSync } from 'node:fs';
import { PrincipalDirectory } from '@bfa/access';
import { ThresholdPublicKeyJson } from '@bfa/crypto';

/** Public key material every party may hold: written by the set-up ceremony, read by nodes and coordinator. */
export interface Registry {
  paillier: ThresholdPublicKeyJson;
  organisations: Record<string, OrganisationKeys>;
  /**
   * The coordinator's Ed25519 key (verifies its audit log and its requests) and its X25519 key, to which key
   * holders seal their partial decryptions so that only the combiner reads them.
   */
  coordinator?: { publicKey: string; boxPublicKey?: string };
  /** Analysts, stewards and ethics-board members with their Ed25519 keys: who may call which API. */
  principals?: PrincipalDirectory;
  /**
   * The current pseudonym secret's id and the partner nodes holding it. The secret itself is never in the
   * registry, and never sealed to the coordinator: whoever holds it can compute every child's pseudonym.
   */
  pseudonyms?: { secretId: string; holders: string[] };
}

export interface OrganisationKeys {
  /** Ed25519: verifies the node's contributions. */
  nodePublicKey: string;
  /** Ed25519: verifies the steward's decisions. */
  stewardPublicKey: string;
  /** X25519: what key ceremonies seal this organisation's key shares to. */
  boxPublicKey: string;
}

export function loadRegistry(file: string): Registry {
  const registry = JSON.parse(readFileSync(file, 'utf8')) as Registry;
  if (
    !registry?.paillier?.n ||
    registry.paillier.scheme !== 'shoup-t-of-n' ||
    typeof registry.organisations !== 'object'
  ) {
    throw new Error(`${file}: not a registry (needs a t-of-n paillier key and organisations)`);
  }
  return registry;
}
