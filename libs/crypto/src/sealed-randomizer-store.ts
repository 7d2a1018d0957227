import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import nacl from 'tweetnacl';
import { fromBase64 } from './signing';

/** A chunk of precomputed randomizers on disk, sealed; its values are in memory too, so a claim is only a removal. */
export interface StoredChunk {
  file: string;
  values: bigint[];
}

const MAGIC = 'bfa/randomizer-pool/v1';
const SUFFIX = '.sealed';

function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The secretbox key: the node's X25519 secret key hashed with the pool's tag and key id, so it opens nothing else. */
function poolKey(boxSecretKey: string, keyId: string): Uint8Array {
  const secret = fromBase64(boxSecretKey, nacl.box.secretKeyLength);
  if (!secret) throw new Error('not an X25519 secret key');
  const tag = new TextEncoder().encode(`${MAGIC}\n${keyId}\n`);
  const input = new Uint8Array(tag.length + secret.length);
  input.set(tag);
  input.set(secret, tag.length);
  return nacl.hash(input).subarray(0, nacl.secretbox.keyLength);
}

/**
 * A node's randomizer pool on disk, surviving restarts: one file per chunk, sealed (XSalsa20-Poly1305) with a key only
 * this node can derive, never in the clear. Written whole or not at all (temporary file, fsync, rename, fsync of the
 * directory); a chunk is claimed by deleting its file durably *before* any of its values is handed out, so a crash
 * after a claim wastes values but never lets one be used twice.
 */
export class SealedRandomizerStore {
  private readonly key: Uint8Array;
  private readonly width: number;
  private readonly header: Uint8Array;
  private next = 0;

  /** `root`/`keyId`/ holds the chunks of the current key; other keys' folders are randomness nobody can use any more, and go. */
  constructor(
    private readonly root: string,
    private readonly keyId: string,
    n: bigint,
    boxSecretKey: string,
  ) {
    if (!/^[0-9a-f]+$/.test(keyId)) throw new Error('keyId must be hexadecimal');
    this.key = poolKey(boxSecretKey, keyId);
    this.width = Math.ceil((n * n).toString(16).length / 2);
    this.header = new TextEncoder().encode(`${MAGIC}\n${keyId}\n`);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    for (const entry of readdirSync(root))
      if (entry !== keyId) rmSync(join(root, entry), { recursive: true, force: true });
    // New files sort after every file already there, read back or not.
    for (const file of readdirSync(this.dir)) this.next = Math.max(this.next, Number.parseInt(file, 10) + 1 || 0);
  }

  get dir(): string {
    return join(this.root, this.keyId);
  }

  /** Every chunk still on disk, oldest first. Half-written files and files that don't open under this node's key are deleted and named. */
  load(): { chunks: StoredChunk[]; discarded: string[] } {
    const chunks: StoredChunk[] = [];
    const discarded: string[] = [];
    for (const file of readdirSync(this.dir).sort()) {
      const values = file.endsWith(SUFFIX) ? this.open(readFileSync(join(this.dir, file))) : undefined;
      if (values) chunks.push({ file, values });
      else {
        unlinkSync(join(this.dir, file));
        discarded.push(file);
      }
    }
    if (discarded.length > 0) syncDirectory(this.dir);
    return { chunks, discarded };
  }

  /** Seals `values` into a new chunk file, durably, and returns it. */
  write(values: bigint[]): StoredChunk {
    const file = `${String(this.next++).padStart(12, '0')}${SUFFIX}`;
    const nonce = nacl.randomBytes(nacl.secretbox.nonceLength);
    const box = nacl.secretbox(this.plaintext(values), nonce, this.key);
    const temporary = join(this.dir, `${file}.tmp`);
    const fd = openSync(temporary, 'w', 0o600);
    try {
      writeSync(fd, nonce);
      writeSync(fd, box);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, join(this.dir, file));
    syncDirectory(this.dir);
    return { file, values };
  }

  /** Deletes the chunks' files and waits for the directory to be on disk: only then may their values be used. */
  claim(chunks: StoredChunk[]): void {
    if (chunks.length === 0) return;
    for (const chunk of chunks) unlinkSync(join(this.dir, chunk.file));
    syncDirectory(this.dir);
  }

  private plaintext(values: bigint[]): Uint8Array {
    const bytes = new Uint8Array(this.header.length + values.length * this.width);
    bytes.set(this.header);
    values.forEach((value, i) =>
      bytes.set(
        Buffer.from(value.toString(16).padStart(this.width * 2, '0'), 'hex'),
        this.header.length + i * this.width,
      ),
    );
    return bytes;
  }

  /** The values, or undefined for a file sealed under another key, for another Paillier key, or tampered with. */
  private open(file: Buffer): bigint[] | undefined {
    if (file.length < nacl.secretbox.nonceLength + nacl.secretbox.overheadLength) return undefined;
    const opened = nacl.secretbox.open(
      file.subarray(nacl.secretbox.nonceLength),
      file.subarray(0, nacl.secretbox.nonceLength),
      this.key,
    );
    if (!opened || !Buffer.from(opened.subarray(0, this.header.length)).equals(this.header)) return undefined;
    const body = Buffer.from(opened.subarray(this.header.length));
    if (body.length % this.width !== 0) return undefined;
    return Array.from({ length: body.length / this.width }, (_, i) =>
      BigInt(`0x${body.subarray(i * this.width, (i + 1) * this.width).toString('hex')}`),
    );
  }
}
