import { PaillierEncryptor, RandomizerSource } from '@bfa/crypto';
import { ContributionEdition } from '@bfa/protocol';
import { CombinationQuery, validateCombinationQuery } from './query';

/** The other partners' public keys, from the registry. */
export interface PartnerDirectory {
  /** Ed25519 node keys: who signed a receipt or a manifest. */
  signingPublicKeys: Record<string, string>;
  /** X25519 keys: whom a hop is sealed to. */
  boxPublicKeys: Record<string, string>;
}

/** One partner node's part in one combination query. */
export interface PartyContext {
  query: CombinationQuery;
  org: string;
  encryptor: PaillierEncryptor;
  /** Precomputed rⁿ (each an Enc(0)): one per record at every hop, one per block at the end. */
  randomizers: RandomizerSource;
  signingSecretKey: string;
  boxSecretKey: string;
  directory: PartnerDirectory;
  /** The editions of its own data the party read for its step: named in the receipt it signs. */
  editions: ContributionEdition[];
}

export const keyBitsOf = (encryptor: PaillierEncryptor) => encryptor.n.toString(2).length;

export function checkContext(ctx: PartyContext): void {
  validateCombinationQuery(ctx.query);
  if (ctx.encryptor.publicKey.keyId !== ctx.query.keyId)
    throw new Error(`query ${ctx.query.queryId} is under key ${ctx.query.keyId}, not ${ctx.encryptor.publicKey.keyId}`);
}

export function boxKeyOf(ctx: PartyContext, org: string): string {
  const key = ctx.directory.boxPublicKeys[org];
  if (!key) throw new Error(`no box key for ${org}`);
  return key;
}
