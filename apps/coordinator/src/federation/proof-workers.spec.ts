import {
  bigintToHex,
  generateThresholdKey,
  hexToBigint,
  PaillierEncryptor,
  proveThresholdPartials,
  thresholdPartialDecrypt,
  ThresholdKey,
} from '@bfa/crypto';
import { ProofWorkers } from './proof-workers';

const HOLDERS = ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'];

describe('ProofWorkers (the key holders’ proofs checked on worker threads)', () => {
  let key: ThresholdKey;
  let proofs: ProofWorkers;
  let ciphertexts: string[];

  // Each thread compiles its script under ts-node on first use: seconds on a loaded machine.
  beforeAll(async () => {
    key = await generateThresholdKey(256, HOLDERS, 3);
    const encryptor = new PaillierEncryptor(key.publicKey);
    ciphertexts = [5n, 7n, 11n].map((m) => bigintToHex(encryptor.encrypt(m)));
    proofs = new ProofWorkers({ proofThreads: 2 });
  }, 60_000);

  afterAll(() => proofs.onApplicationShutdown());

  const honest = (holder: number) => {
    const share = key.shares[holder];
    const values = thresholdPartialDecrypt(share, ciphertexts);
    return { values, proof: proveThresholdPartials(share, key.publicKey.verification!, ciphertexts, values) };
  };

  it('accepts honest partials of every key holder, checked side by side on the threads', async () => {
    const checked = await Promise.all(
      key.shares.map((share, i) => {
        const { values, proof } = honest(i);
        return proofs.proven(key.publicKey, share.holder, ciphertexts, values, proof);
      }),
    );
    expect(checked).toEqual([true, true, true, true]);
  }, 60_000);

  it("refuses a partial shifted by (1 + n), another holder's proof, a missing proof and malformed input", async () => {
    const { values, proof } = honest(1);
    const n = hexToBigint(key.publicKey.n);
    const shifted = [...values];
    shifted[0] = bigintToHex((hexToBigint(shifted[0]) * (1n + n)) % (n * n));
    const ggd = key.shares[1].holder;
    await expect(proofs.proven(key.publicKey, ggd, ciphertexts, shifted, proof)).resolves.toBe(false);
    await expect(proofs.proven(key.publicKey, key.shares[0].holder, ciphertexts, values, proof)).resolves.toBe(false);
    await expect(proofs.proven(key.publicKey, ggd, ciphertexts, values, undefined)).resolves.toBe(false);
    await expect(proofs.proven(key.publicKey, ggd, ciphertexts, undefined, proof)).resolves.toBe(false);
    await expect(proofs.proven(key.publicKey, ggd, ciphertexts, ['not hex', 'zz', ''], proof)).resolves.toBe(false);
    await expect(proofs.proven(key.publicKey, ggd, ciphertexts, values, { e: 'x', z: null } as never)).resolves.toBe(
      false,
    );
  });

  it('keeps the event loop free while a proof is checked: timers run during the check', async () => {
    const share = key.shares[2];
    const many = Array.from({ length: 40 }, () => ciphertexts).flat();
    const values = thresholdPartialDecrypt(share, many);
    const proof = proveThresholdPartials(share, key.publicKey.verification!, many, values);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    // Checked on this thread, the check would be done before any timer could run: no tick until it resolves.
    const proven = await proofs.proven(key.publicKey, share.holder, many, values, proof);
    const ticksWhileChecking = ticks;
    clearInterval(timer);
    expect(proven).toBe(true);
    expect(ticksWhileChecking).toBeGreaterThan(0);
  }, 60_000);

  it('starts its threads ahead (warm), and still proves and refuses as before', async () => {
    const { verification: _none, ...unverifiable } = key.publicKey;
    expect(() => proofs.warm(unverifiable)).not.toThrow();
    proofs.warm(key.publicKey);
    const { values, proof } = honest(3);
    await expect(proofs.proven(key.publicKey, key.shares[3].holder, ciphertexts, values, proof)).resolves.toBe(true);
    await expect(proofs.proven(key.publicKey, key.shares[2].holder, ciphertexts, values, proof)).resolves.toBe(false);
  }, 60_000);

  it('counts partials as they are for a key without verification keys', async () => {
    const { verification: _none, ...unverifiable } = key.publicKey;
    await expect(proofs.proven(unverifiable, 'ggd', ciphertexts, undefined, undefined)).resolves.toBe(true);
  });
});
