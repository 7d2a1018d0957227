/**
 * Where a factor holder's hop of a combination spends its time, stage by stage, in one process on the real code
 * (issue 16, "combinations in seconds": measure first). BENCH_CHILDREN records (100,032: the region's children of
 * 2024), BENCH_BITS (2048). Every stage runs on the records the previous one produced, as applyFactor chains them;
 * the NATS relay is not in here (it is the rest of a hop's time in bench/results/combination-cluster.json).
 *   npm run bench:hop   →  bench/results/combination-hop.json
 */
// @bfa/combination reaches @bfa/protocol's class-validator DTOs, which need it.
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  generateBoxKeyPair,
  generateThresholdKey,
  openSealed,
  openSealedBytes,
  PaillierEncryptor,
  seal,
  sealBytes,
} from '@bfa/crypto';
import {
  CHUNK_BYTES,
  CombinationRecord,
  decodeRecordChunk,
  encodeRecordChunk,
  formatRecords,
  hopChunkHeader,
  parseRecords,
  recordsDigest,
  recordsPerChunk,
  shuffle,
} from '@bfa/combination';

const CHILDREN = Number(process.env.BENCH_CHILDREN ?? 100_032);
const BITS = Number(process.env.BENCH_BITS ?? 2048);

interface Stage {
  stage: string;
  seconds: number;
  /** Bytes the stage reads or writes, where that is what it is about. */
  bytes?: number;
}

function timed<T>(stages: Stage[], stage: string, work: () => T, bytes?: (result: T) => number): T {
  const start = process.hrtime.bigint();
  const result = work();
  stages.push({ stage, seconds: Number(process.hrtime.bigint() - start) / 1e9, bytes: bytes?.(result) });
  return result;
}

/** The chunking sealHop did before the binary chunks: ≈ 4 MiB of JSON per sealed box. */
function partition(records: CombinationRecord[]): CombinationRecord[][] {
  const parts: CombinationRecord[][] = [[]];
  let bytes = 0;
  for (const record of records) {
    const size = record.pseudonym.length + record.ciphertext.length + 32;
    if (bytes + size > CHUNK_BYTES && parts[parts.length - 1].length > 0) (parts.push([]), (bytes = 0));
    parts[parts.length - 1].push(record);
    bytes += size;
  }
  return parts;
}

async function main(): Promise<void> {
  const load = loadavg();
  const key = await generateThresholdKey(BITS, ['a', 'b', 'c', 'd'], 3);
  const encryptor = new PaillierEncryptor(key.publicKey);
  const box = generateBoxKeyPair();
  // Input: full-width ciphertexts (Enc(bit) times a sample of Enc(0)s, so making them is cheap) under fresh pseudonyms.
  const zeros = Array.from({ length: 64 }, () => encryptor.randomizer());
  const incoming = formatRecords(
    encryptor,
    Array.from({ length: CHILDREN }, (_, i) => ({
      pseudonym: randomBytes(16).toString('hex'),
      ciphertext: encryptor.encrypt(BigInt(i % 2), zeros[i % 64]),
    })),
  );
  const sealedIn = partition(incoming).map((records, chunk) =>
    seal(JSON.stringify({ queryHash: 'q'.repeat(64), step: 1, chunk, records }), box.publicKey),
  );
  const withFactor = new Set(incoming.filter((_, i) => i % 3 === 0).map((r) => r.pseudonym));

  const queryHash = 'q'.repeat(64);
  const header = (step: number, chunk: number, chunks: number) => hopChunkHeader(queryHash, step, chunk, chunks);
  const binaryParts = (records: CombinationRecord[]) => {
    const per = recordsPerChunk(CHUNK_BYTES, records[0].ciphertext.length / 2);
    return Array.from({ length: Math.ceil(records.length / per) }, (_, i) => records.slice(i * per, (i + 1) * per));
  };
  const binaryIn = binaryParts(incoming);
  const sealedBinaryIn = binaryIn.map((part, chunk) =>
    sealBytes(encodeRecordChunk(part), box.publicKey, header(1, chunk, binaryIn.length)),
  );

  // Before: the hop as it was (tweetnacl box of JSON with hex ciphertexts), the same records, in the same run.
  const before: Stage[] = [];
  const texts = timed(
    before,
    'open sealed chunks (tweetnacl box, base64)',
    () => sealedIn.map((s) => openSealed(s, box.secretKey)),
    (t) => t.reduce((s, x) => s + x.length, 0),
  );
  const openedJson = timed(before, 'JSON.parse of the chunks', () =>
    texts.flatMap((t) => JSON.parse(t).records as CombinationRecord[]),
  );
  const common = (stages: Stage[], opened: CombinationRecord[]) => {
    timed(stages, 'records digest (SHA-256, checks the receipt)', () => recordsDigest(opened));
    const parsed = timed(stages, 'parse records (hex → BigInt, checks)', () => parseRecords(encryptor, opened));
    const out = timed(stages, 'apply the factor: one multiplication mod n² per record', () =>
      parsed.map(({ pseudonym, ciphertext }, i) => ({
        pseudonym,
        ciphertext: encryptor.add(withFactor.has(pseudonym) ? ciphertext : 1n, zeros[i % 64]),
      })),
    );
    timed(stages, 'shuffle (Fisher–Yates, crypto.randomInt)', () => shuffle(out));
    const formatted = timed(stages, 'format records (BigInt → hex)', () => formatRecords(encryptor, out));
    timed(stages, 'records digest (SHA-256, for its own receipt)', () => recordsDigest(formatted));
    return formatted;
  };
  const formattedJson = common(before, openedJson);
  const json = timed(
    before,
    'JSON.stringify of the chunks',
    () => partition(formattedJson).map((records, chunk) => JSON.stringify({ queryHash, step: 2, chunk, records })),
    (t) => t.reduce((s, x) => s + x.length, 0),
  );
  const sealedOut = timed(
    before,
    'seal chunks (tweetnacl box, base64)',
    () => json.map((t) => seal(t, box.publicKey)),
    (s) => s.reduce((sum, x) => sum + x.box.length, 0),
  );
  timed(
    before,
    'serialise the sealed hop for NATS (JSON)',
    () => sealedOut.map((s) => JSON.stringify(s)),
    (t) => t.reduce((s, x) => s + x.length, 0),
  );

  // Now: binary chunks sealed with X25519 + ChaCha20-Poly1305, each bound to its query, hop and position.
  const stages: Stage[] = [];
  const bytesIn = timed(
    stages,
    'open sealed chunks (X25519 + ChaCha20-Poly1305, base64)',
    () => sealedBinaryIn.map((s, i) => openSealedBytes(s, box.secretKey, header(1, i, sealedBinaryIn.length))),
    (b) => b.reduce((s, x) => s + x.length, 0),
  );
  const opened = timed(stages, 'decode binary chunks (bytes → hex)', () =>
    bytesIn.flatMap((b) => decodeRecordChunk(b)),
  );
  const formatted = common(stages, opened);
  const parts = binaryParts(formatted);
  const encoded = timed(
    stages,
    'encode binary chunks (hex → bytes)',
    () => parts.map((part) => encodeRecordChunk(part)),
    (b) => b.reduce((s, x) => s + x.length, 0),
  );
  const sealedBinary = timed(
    stages,
    'seal chunks (X25519 + ChaCha20-Poly1305, base64)',
    () => encoded.map((b, i) => sealBytes(b, box.publicKey, header(2, i, encoded.length))),
    (s) => s.reduce((sum, x) => sum + x.box.length, 0),
  );
  timed(
    stages,
    'serialise the sealed hop for NATS (JSON)',
    () => sealedBinary.map((s) => JSON.stringify(s)),
    (t) => t.reduce((s, x) => s + x.length, 0),
  );

  const total = stages.reduce((sum, s) => sum + s.seconds, 0);
  const totalBefore = before.reduce((sum, s) => sum + s.seconds, 0);
  const ciphertextBytes = CHILDREN * Math.ceil(encryptor.n2.toString(2).length / 8);
  const machine = {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    node: process.version,
    openssl: process.versions.openssl,
    date: new Date().toISOString(),
    loadAverage: { before: load, after: loadavg() },
  };
  const out_ = join(__dirname, 'results', 'combination-hop.json');
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(
    out_,
    JSON.stringify(
      {
        machine,
        children: CHILDREN,
        bits: BITS,
        ciphertextBytes,
        stages,
        total,
        before: { stages: before, total: totalBefore },
      },
      null,
      2,
    ),
  );
  console.log(
    `one factor holder's hop, ${CHILDREN} records, ${BITS}-bit key (${(ciphertextBytes / 1e6).toFixed(0)} MB of ciphertext), in one process:`,
  );
  for (const s of stages) {
    const size = s.bytes === undefined ? '' : `  ${(s.bytes / 1e6).toFixed(0)} MB`;
    console.log(
      `${s.stage.padEnd(58)} ${s.seconds.toFixed(2).padStart(7)} s ${((100 * s.seconds) / total).toFixed(0).padStart(3)}%${size}`,
    );
  }
  console.log(`${'total (without the NATS relay)'.padEnd(58)} ${total.toFixed(2).padStart(7)} s`);
  console.log(`${'before (tweetnacl box of JSON, hex), same run'.padEnd(58)} ${totalBefore.toFixed(2).padStart(7)} s`);
  console.log(
    `written to ${out_} (${machine.cores} x ${machine.cpu}; load ${machine.loadAverage.after.map((l) => l.toFixed(1)).join(' ')})`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
