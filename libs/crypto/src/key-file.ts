import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes, scryptSync } from 'node:crypto';
import nacl from 'tweetnacl';

/** A key file sealed with a passphrase: scrypt derives the secretbox key. */
interface LockedKeyFile {
  locked: 'scrypt-secretbox/v1';
  salt: string;
  nonce: string;
  box: string;
}

/** scrypt's cost: ~0.1 s and 32 MB once at start, so a stolen file can't be guessed at quickly. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

const boxKey = (passphrase: string, salt: Buffer) =>
  new Uint8Array(scryptSync(passphrase, salt, nacl.secretbox.keyLength, SCRYPT));

/** Writes a secret key file readable by its owner only (0600, in a 0700 directory), sealed with the passphrase when one is given. */
export function writeKeyFile(file: string, value: object, passphrase?: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const text = JSON.stringify(value, null, 2);
  if (!passphrase) return writeFileSync(file, text, { mode: 0o600 });
  const salt = randomBytes(16);
  const nonce = randomBytes(nacl.secretbox.nonceLength);
  const box = nacl.secretbox(new TextEncoder().encode(text), nonce, boxKey(passphrase, salt));
  const locked: LockedKeyFile = {
    locked: 'scrypt-secretbox/v1',
    salt: salt.toString('base64'),
    nonce: nonce.toString('base64'),
    box: Buffer.from(box).toString('base64'),
  };
  writeFileSync(file, JSON.stringify(locked, null, 2), { mode: 0o600 });
}

/**
 * Reads a secret key file, refusing one that its group or others may read (a key next to a readable file is
 * everyone's key) and opening a passphrase-sealed one. Every refusal names the file and what to do.
 */
export function readKeyFile<T>(file: string, passphrase?: string): T {
  let mode: number;
  try {
    mode = statSync(file).mode & 0o777;
  } catch {
    throw new Error(`no key file at ${file}`);
  }
  if (mode & 0o077)
    throw new Error(
      `${file} may be read by its group or others (mode ${mode.toString(8)}): a signing key must be its owner's only (chmod 600 ${file})`,
    );
  const content = JSON.parse(readFileSync(file, 'utf8')) as T | LockedKeyFile;
  if ((content as LockedKeyFile).locked !== 'scrypt-secretbox/v1') return content as T;
  const locked = content as LockedKeyFile;
  if (!passphrase)
    throw new Error(
      `${file} is sealed with a passphrase, and none is set (BFA_SIGNING_KEY_PASSPHRASE or BFA_SIGNING_KEY_PASSPHRASE_FILE)`,
    );
  const opened = nacl.secretbox.open(
    Buffer.from(locked.box, 'base64'),
    Buffer.from(locked.nonce, 'base64'),
    boxKey(passphrase, Buffer.from(locked.salt, 'base64')),
  );
  if (!opened) throw new Error(`${file}: the passphrase does not open it`);
  return JSON.parse(new TextDecoder().decode(opened)) as T;
}

/** Seals an owner-only key file in place with a passphrase (or re-seals it with a new one). */
export function sealKeyFile(file: string, passphrase: string, currentPassphrase?: string): void {
  if (!passphrase) throw new Error('an empty passphrase seals nothing');
  writeKeyFile(file, readKeyFile<object>(file, currentPassphrase), passphrase);
}
