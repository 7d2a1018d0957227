import { sha256Hex } from '../hash';
import { canonicalJson } from '../canonical-json';
import { openSealed, seal, SealedBox } from '../sealed-box';
import { ShortExponentJson } from '../short-exponent';
import {
  generateThresholdKey,
  parseThresholdShare,
  ThresholdPublicKeyJson,
  ThresholdShareJson,
} from './threshold-keys';

export interface CeremonyHolder {
  org: string;
  boxPublicKey: string;
}

/** One partner's key share, sealed to that partner's X25519 key. */
export interface SealedShareJson {
  keyId: string;
  holder: string;
  sealed: SealedBox;
}

/** What the ceremony leaves for the record: public facts only. */
export interface CeremonyTranscript {
  keyId: string;
  bits: number;
  threshold: number;
  holders: CeremonyHolder[];
  /** The encryption randomness chosen with the key (its seed and h_s): public, and checked wherever the key is read. */
  randomness?: ShortExponentJson;
  sealedShares: Record<string, string>;
  heldAt: string;
}

export interface CeremonyResult {
  publicKey: ThresholdPublicKeyJson;
  sealedShares: SealedShareJson[];
  transcript: CeremonyTranscript;
}

/**
 * Generates a t-of-n key and seals each share to its holder. The factorisation, the decryption exponent
 * and the unsealed shares exist only inside this call; what it returns is safe to write to disk and copy.
 */
export async function runKeyCeremony(
  bits: number,
  holders: CeremonyHolder[],
  threshold: number,
): Promise<CeremonyResult> {
  const { publicKey, shares } = await generateThresholdKey(
    bits,
    holders.map((h) => h.org),
    threshold,
  );
  const sealedShares = shares.map((share, i) => ({
    keyId: share.keyId,
    holder: share.holder,
    sealed: seal(JSON.stringify(share), holders[i].boxPublicKey),
  }));
  shares.forEach((share) => (share.share = ''));
  const transcript: CeremonyTranscript = {
    keyId: publicKey.keyId,
    bits,
    threshold,
    holders,
    randomness: publicKey.randomness,
    sealedShares: Object.fromEntries(sealedShares.map((s) => [s.holder, sha256Hex(canonicalJson(s))])),
    heldAt: new Date().toISOString(),
  };
  return { publicKey, sealedShares, transcript };
}

/** Opens a sealed share with the holder's X25519 secret key and checks it is what the label says. */
export function openSealedShare(sealed: SealedShareJson, boxSecretKey: string): ThresholdShareJson {
  const share = parseThresholdShare(JSON.parse(openSealed(sealed.sealed, boxSecretKey)));
  if (share.keyId !== sealed.keyId || share.holder !== sealed.holder)
    throw new Error(`sealed share labelled ${sealed.holder}/${sealed.keyId} holds ${share.holder}/${share.keyId}`);
  return share;
}
