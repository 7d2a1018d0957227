import { canonicalJson, CeremonyHolder, openSealed, seal, SealedBox, sha256Hex } from '@bfa/crypto';
import { generatePseudonymSecret, PSEUDONYM_SECRET_BYTES, PseudonymSecret, pseudonymSecretIdOf } from './pseudonym';

/** The pseudonym secret, sealed to one partner node's X25519 key. */
export interface SealedPseudonymSecret {
  secretId: string;
  holder: string;
  sealed: SealedBox;
}

export interface PseudonymCeremonyTranscript {
  secretId: string;
  holders: CeremonyHolder[];
  sealedSecrets: Record<string, string>;
  heldAt: string;
}

export interface PseudonymCeremonyResult {
  secretId: string;
  sealedSecrets: SealedPseudonymSecret[];
  transcript: PseudonymCeremonyTranscript;
}

interface SecretFile {
  secretId: string;
  holder: string;
  key: string;
}

/**
 * One fresh secret sealed to each partner node: the unsealed secret exists only inside this call.
 * Seal it to partner nodes only (never the coordinator): whoever holds it can compute every pseudonym.
 * Rotation is a new ceremony, hence a new secretId; a query names the secret its pseudonyms come from.
 */
export function runPseudonymCeremony(holders: CeremonyHolder[]): PseudonymCeremonyResult {
  if (holders.length < 2 || new Set(holders.map((h) => h.org)).size !== holders.length)
    throw new Error('a pseudonym secret needs at least two distinct holders');
  const secret = generatePseudonymSecret();
  const sealedSecrets = holders.map((h) => {
    const file: SecretFile = { secretId: secret.secretId, holder: h.org, key: secret.key.toString('base64') };
    return { secretId: secret.secretId, holder: h.org, sealed: seal(JSON.stringify(file), h.boxPublicKey) };
  });
  secret.key.fill(0);
  const transcript: PseudonymCeremonyTranscript = {
    secretId: secret.secretId,
    holders,
    sealedSecrets: Object.fromEntries(sealedSecrets.map((s) => [s.holder, sha256Hex(canonicalJson(s))])),
    heldAt: new Date().toISOString(),
  };
  return { secretId: secret.secretId, sealedSecrets, transcript };
}

/** Opens a sealed secret with the holder's X25519 secret key; refuses one relabelled or not matching its id. */
export function openSealedPseudonymSecret(sealed: SealedPseudonymSecret, boxSecretKey: string): PseudonymSecret {
  const file = JSON.parse(openSealed(sealed.sealed, boxSecretKey)) as SecretFile;
  const key = Buffer.from(String(file.key), 'base64');
  if (key.length !== PSEUDONYM_SECRET_BYTES || pseudonymSecretIdOf(key) !== file.secretId)
    throw new Error('the sealed pseudonym secret does not match its id');
  if (file.secretId !== sealed.secretId || file.holder !== sealed.holder)
    throw new Error(`sealed secret labelled ${sealed.holder}/${sealed.secretId} holds ${file.holder}/${file.secretId}`);
  return { secretId: file.secretId, key };
}
