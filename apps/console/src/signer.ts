import nacl from 'tweetnacl';
import { fromBase64, signMessage, toBase64 } from './browser-crypto';
import { SigningKey } from './key-file';

/** The signed-in principal: who, and a way to sign, with the secret key itself out of reach where the browser allows. */
export interface Signer {
  id: string;
  org?: string;
  /** True when the key is a non-extractable WebCrypto key: the page can use it, but no script can read it out. */
  nonExtractable: boolean;
  sign(message: string): Promise<string>;
}

/** PKCS#8 wrapping of an Ed25519 seed (RFC 8410): the fixed 16-byte prefix, then the 32-byte seed. */
const PKCS8_ED25519_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);

async function webCryptoSigner(key: SigningKey, secret: Uint8Array): Promise<Signer | null> {
  try {
    const pkcs8 = new Uint8Array([...PKCS8_ED25519_PREFIX, ...secret.subarray(0, 32)]);
    const cryptoKey = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, false, ['sign']);
    const sign = async (message: string) =>
      toBase64(new Uint8Array(await crypto.subtle.sign('Ed25519', cryptoKey, new TextEncoder().encode(message))));
    // Ed25519 is deterministic: the key works only if it signs as the key file's own key pair does.
    const probe = 'bfa/console/key-check';
    if ((await sign(probe)) !== signMessage(probe, key.secretKey)) return null;
    return { id: key.id, org: key.org, nonExtractable: true, sign };
  } catch {
    return null; // a browser without Ed25519 in WebCrypto
  }
}

/** A signer for the key: a non-extractable WebCrypto key if the browser has Ed25519, else tweetnacl over the key in memory. */
export async function signerOf(key: SigningKey): Promise<Signer> {
  const secret = fromBase64(key.secretKey, nacl.sign.secretKeyLength);
  if (!secret) throw new Error('not an Ed25519 secret key');
  const signer = await webCryptoSigner(key, secret);
  secret.fill(0);
  if (signer) return signer;
  const { secretKey } = key;
  return { id: key.id, org: key.org, nonExtractable: false, sign: async (message) => signMessage(message, secretKey) };
}
