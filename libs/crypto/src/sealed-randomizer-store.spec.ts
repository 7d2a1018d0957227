import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import { PaillierEncryptor } from './paillier-cipher';
import { RandomizerPool } from './randomizer-pool';
import { generateBoxKeyPair } from './sealed-box';
import { SealedRandomizerStore } from './sealed-randomizer-store';
import { combineThresholdPartials, generateThresholdKey, thresholdPartialDecrypt, ThresholdKey } from './threshold';

/** Each value, as the randomness of Enc(i), decrypts back to i: a valid Enc(0) under the key. */
function decryptsBack(key: ThresholdKey, encryptor: PaillierEncryptor, randomizers: bigint[]): boolean {
  const ciphertexts = randomizers.map((r, i) => encryptor.encrypt(BigInt(i), r).toString(16));
  const partials = key.shares.map((s) => ({
    holder: s.holder,
    keyId: s.keyId,
    values: thresholdPartialDecrypt(s, ciphertexts),
  }));
  return combineThresholdPartials(key.publicKey, partials).every((m, i) => m === BigInt(i));
}

jest.setTimeout(30_000);

describe('randomizer pools that survive a restart, sealed to the node', () => {
  const node = generateBoxKeyPair();
  let key: ThresholdKey;
  let encryptor: PaillierEncryptor;
  let root: string;

  beforeAll(async () => {
    key = await generateThresholdKey(512, ['a-org', 'b-org'], 2);
    encryptor = new PaillierEncryptor(key.publicKey);
  }, 60_000);
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'bfa-pool-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const storeOf = (boxSecretKey = node.secretKey, keyId = key.publicKey.keyId) =>
    new SealedRandomizerStore(root, keyId, encryptor.n, boxSecretKey);
  const poolOf = (store = storeOf()) => new RandomizerPool(encryptor, { store });
  const files = () => readdirSync(join(root, key.publicKey.keyId)).sort();
  const drain = (pool: RandomizerPool) => Array.from({ length: pool.size }, () => pool.take());

  it('a restarted pool has the values it had, distinct and valid; owner-only files in an owner-only folder', async () => {
    const pool = poolOf();
    await pool.refill(600);
    expect(pool.status()).toMatchObject({ ready: 600, sealed: 600 });
    expect(files()).toHaveLength(3);
    expect(statSync(join(root, key.publicKey.keyId)).mode & 0o777).toBe(0o700);
    for (const file of files()) expect(statSync(join(root, key.publicKey.keyId, file)).mode & 0o777).toBe(0o600);

    const again = poolOf();
    expect(again.restore()).toEqual({ restored: 600, discarded: [] });
    const values = drain(again);
    expect(new Set(values).size).toBe(600);
    expect(decryptsBack(key, encryptor, values)).toBe(true);
  });

  it('never writes a value in the clear (neither its bytes nor its hex)', async () => {
    const pool = poolOf();
    await pool.refill(300);
    const onDisk = Buffer.concat(files().map((f) => readFileSync(join(root, key.publicKey.keyId, f))));
    const values = drain(pool);
    for (const value of values.slice(0, 50)) {
      const hex = value.toString(16).padStart(256, '0');
      expect(onDisk.indexOf(Buffer.from(hex, 'hex').subarray(0, 16))).toBe(-1);
      expect(onDisk.toString('latin1')).not.toContain(hex.slice(0, 32));
    }
  });

  it('a value handed out is gone from disk before take() returns: a restart never hands it out again', async () => {
    const pool = poolOf();
    await pool.refill(600);
    const taken = [pool.take()];
    expect(files()).toHaveLength(2);
    taken.push(...Array.from({ length: 10 }, () => pool.take()));
    const restarted = poolOf();
    const { restored } = restarted.restore();
    expect(restored).toBe(600 - 88); // the newest chunk, 88 values, was claimed whole
    const after = drain(restarted);
    expect(after.filter((v) => taken.includes(v))).toEqual([]);
  });

  it('ensure claims what a step needs in one go, and tops up only the shortfall, in memory', async () => {
    const pool = poolOf();
    await pool.refill(600);
    await pool.ensure(300);
    expect(pool.status()).toMatchObject({ ready: 600, sealed: 256 }); // chunks of 88 and 256 claimed: 344 in hand
    expect(files()).toHaveLength(1);
    await pool.ensure(700);
    expect(pool.status()).toMatchObject({ ready: 700, sealed: 0 });
    expect(files()).toHaveLength(0);
    expect(new Set(drain(pool)).size).toBe(700);
  });

  it('discards, naming them, files another node sealed, tampered files and half-written ones; never uses them', async () => {
    const other = generateBoxKeyPair();
    await poolOf(storeOf(other.secretKey)).refill(10);
    const [foreign] = files();
    await poolOf().refill(20);
    const [, tampered] = files();
    const path = join(root, key.publicKey.keyId, tampered);
    const bytes = readFileSync(path);
    bytes[bytes.length - 5] ^= 1;
    writeFileSync(path, bytes);
    writeFileSync(join(root, key.publicKey.keyId, '000000000009.sealed.tmp'), 'half');
    await poolOf().refill(30);
    const restarted = poolOf();
    expect(restarted.restore()).toEqual({
      restored: 30,
      discarded: [foreign, tampered, '000000000009.sealed.tmp'].sort(),
    });
    expect(files()).toHaveLength(1);
  });

  it("a new key id (a key ceremony) deletes the old key's pool: randomness nobody can use any more", async () => {
    await poolOf().refill(5);
    new SealedRandomizerStore(root, 'abcdef0123456789', encryptor.n, node.secretKey);
    expect(existsSync(join(root, key.publicKey.keyId))).toBe(false);
    expect(readdirSync(root)).toEqual(['abcdef0123456789']);
  });

  it('a process killed (SIGKILL) at random moments while filling and using its pool never uses a value twice', async () => {
    const usedLog = join(root, 'used.log');
    const child = join(__dirname, 'sealed-randomizer-store.child.ts');
    const runs: number[] = [];
    for (let run = 0; run < 5; run++) {
      const process_ = spawn(
        process.execPath,
        [
          '-r',
          require.resolve('ts-node/register/transpile-only'),
          '-r',
          require.resolve('tsconfig-paths/register'),
          child,
          join(root, 'pool'),
          JSON.stringify(key.publicKey),
          node.secretKey,
          usedLog,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const restored = await new Promise<number>((resolve, reject) => {
        process_.stdout.on('data', (data: Buffer) => resolve(Number(/restored (\d+)/.exec(data.toString())?.[1])));
        process_.on('exit', (code) => reject(new Error(`child stopped early (${code})`)));
      });
      runs.push(restored);
      await new Promise((resolve) => setTimeout(resolve, randomInt(150, 700)));
      const exited = new Promise((resolve) => process_.on('exit', resolve));
      process_.kill('SIGKILL');
      await exited;
    }
    const used = readFileSync(usedLog, 'utf8').split('\n').filter(Boolean);
    expect(used.length).toBeGreaterThan(100);
    expect(runs.slice(1).some((restored) => restored > 0)).toBe(true);
    expect(new Set(used).size).toBe(used.length);
    const left = new SealedRandomizerStore(join(root, 'pool'), key.publicKey.keyId, encryptor.n, node.secretKey)
      .load()
      .chunks.flatMap((c) => c.values.map((v) => v.toString(16)));
    const usedSet = new Set(used);
    expect(left.filter((v) => usedSet.has(v))).toEqual([]);
  }, 120_000);
});
