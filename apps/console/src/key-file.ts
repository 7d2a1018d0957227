import nacl from 'tweetnacl';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { fromBase64 } from './browser-crypto';

/** A principal's key, held in this page's memory only: never stored, never sent. */
export interface SigningKey {
  id: string;
  secretKey: string;
  publicKey?: string;
  org?: string;
}

/** libs/crypto/src/key-file.ts's passphrase-sealed format: scrypt derives the secretbox key. */
interface LockedKeyFile {
  locked: 'scrypt-secretbox/v1';
  salt: string;
  nonce: string;
  box: string;
}

/** The same cost as the CLI's (N 2^15, r 8, p 1): the same passphrase opens the same file. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, dkLen: nacl.secretbox.keyLength };

export class KeyFileError extends Error {
  constructor(readonly code: 'not-json' | 'not-a-key' | 'needs-passphrase' | 'wrong-passphrase') {
    super(code);
  }
}

export const isSealed = (content: unknown): content is LockedKeyFile =>
  (content as LockedKeyFile)?.locked === 'scrypt-secretbox/v1';

export function parseKeyFileText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new KeyFileError('not-json');
  }
}

async function open(locked: LockedKeyFile, passphrase: string): Promise<unknown> {
  const [salt, nonce, box] = [
    fromBase64(locked.salt),
    fromBase64(locked.nonce, nacl.secretbox.nonceLength),
    fromBase64(locked.box),
  ];
  if (!salt || !nonce || !box) throw new KeyFileError('not-a-key');
  const key = await scryptAsync(new TextEncoder().encode(passphrase), salt, SCRYPT);
  const opened = nacl.secretbox.open(box, nonce, key);
  if (!opened) throw new KeyFileError('wrong-passphrase');
  return parseKeyFileText(new TextDecoder().decode(opened));
}

/** A key file's content (plain or sealed) as a signing key, or a KeyFileError that says what is wrong. */
export async function signingKeyOf(content: unknown, passphrase = ''): Promise<SigningKey> {
  if (isSealed(content)) {
    if (!passphrase) throw new KeyFileError('needs-passphrase');
    content = await open(content, passphrase);
  }
  const key = content as SigningKey;
  if (typeof key?.id !== 'string' || !fromBase64(key.secretKey, nacl.sign.secretKeyLength))
    throw new KeyFileError('not-a-key');
  return {
    id: key.id,
    secretKey: key.secretKey,
    publicKey: key.publicKey,
    org: typeof key.org === 'string' ? key.org : undefined,
  };
}
