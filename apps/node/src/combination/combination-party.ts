import { CombinationQuery, PartnerDirectory, PartyContext } from '@bfa/combination';
import { Registry } from '@bfa/protocol';
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

/** This node's part in one combination: its keys, the query's key, pooled rⁿ. */
export function partyContext(keys: NodeKeys, query: CombinationQuery): PartyContext {
  return {
    query,
    org: keys.org,
    encryptor: keys.encryptor,
    randomizers: keys.randomizers,
    signingSecretKey: keys.signingSecretKey,
    boxSecretKey: keys.boxSecretKey,
    directory: partnerDirectory(keys.registry),
  };
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
