import {
  CHUNK_BYTES,
  ciphertextBytes,
  CombinationQuery,
  PartnerDirectory,
  PartyContext,
  recordsPerChunk,
  SealedHop,
} from '@bfa/combination';
import { PaillierEncryptor, RandomizerSource } from '@bfa/crypto';
import { ContributionEdition, Registry } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { NodeKeys } from '../keys/node-keys';

/** Every partner's node signing key and box key, from the public registry. */
export function partnerDirectory(registry: Registry): PartnerDirectory {
  const orgs = Object.entries(registry.organisations);
  return {
    signingPublicKeys: Object.fromEntries(orgs.map(([org, keys]) => [org, keys.nodePublicKey])),
    boxPublicKeys: Object.fromEntries(orgs.map(([org, keys]) => [org, keys.boxPublicKey])),
  };
}

/** This node's part in one combination: its keys, the query's key, pooled rⁿ, the editions of its data its step read. */
export function partyContext(
  keys: NodeKeys,
  query: CombinationQuery,
  randomizers: RandomizerSource,
  editions: ContributionEdition[],
): PartyContext {
  return {
    query,
    org: keys.org,
    encryptor: keys.encryptor,
    randomizers,
    signingSecretKey: keys.signingSecretKey,
    boxSecretKey: keys.boxSecretKey,
    directory: partnerDirectory(keys.registry),
    editions: uniqueEditions(editions),
  };
}

/** Each edition once: the population holder's own factor may come from the population's dataset. */
export function uniqueEditions(editions: ContributionEdition[]): ContributionEdition[] {
  return [...new Map(editions.map((e) => [`${e.dataset}/${e.edition}`, e])).values()];
}

/** The rⁿ a factor step will take: one per record the sender's receipt claims, at most what its chunks can hold. */
export function recordsInHop(hop: SealedHop, encryptor: PaillierEncryptor): number {
  const claimed = hop.receipts[hop.receipts.length - 1]?.records ?? 0;
  const perChunk = recordsPerChunk(CHUNK_BYTES, ciphertextBytes(encryptor));
  return Math.min(claimed, hop.chunks.length * perChunk);
}

/** The combination library throws plain errors whose messages name what is wrong and carry no data: refusals. */
export function refusing<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof Refusal) throw error;
    throw new Refusal((error as Error).message);
  }
}

/** refusing, for a step that runs on worker threads: what it rejects with becomes a refusal the same way. */
export async function refusingAsync<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Refusal) throw error;
    throw new Refusal((error as Error).message);
  }
}
