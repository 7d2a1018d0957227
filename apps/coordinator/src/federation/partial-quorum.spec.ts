import fc from 'fast-check';
import { AuditLog } from '@bfa/audit';
import {
  bigintToHex,
  generateBoxKeyPair,
  generateThresholdKey,
  hexToBigint,
  PaillierEncryptor,
  thresholdPartialDecrypt,
} from '@bfa/crypto';
import {
  CombinationPartial,
  CombinationPartialDto,
  QueryEnvelope,
  Reply,
  SealedReply,
  sealForCoordinator,
} from '@bfa/protocol';
import { gatherPartials, PartialCheck } from './partial-decryptions';
import { gatherPartialQuorum, lateDisagreement } from './partial-quorum';

const KEY_ID = 'a1b2c3d4e5f60718';
const envelope = {
  id: '3f1c2b9e-4d5a-4e6f-8a7b-9c0d1e2f3a4b',
  keyId: KEY_ID,
  keyHolders: ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'],
} as QueryEnvelope;
const coordinator = generateBoxKeyPair();

function partial(org: string, values: unknown = ['0a1b', 'ff']): Reply<SealedReply> {
  const bound = { queryId: envelope.id, keyId: KEY_ID, org };
  return { ok: true, value: sealForCoordinator(bound, { org, keyId: KEY_ID, values }, coordinator.publicKey) };
}

const check = (proven: (p: CombinationPartial) => boolean | Promise<boolean>): PartialCheck<CombinationPartial> => ({
  boxSecretKey: coordinator.secretKey,
  shape: CombinationPartialDto,
  proven,
});

type Entry = { type: string; details: Record<string, unknown> };

/** Replies the test hands out when it chooses. */
function heldReplies() {
  const held: Record<string, (reply: Reply<SealedReply>) => void> = {};
  const ask = (org: string) => new Promise<Reply<SealedReply>>((resolve) => (held[org] = resolve));
  return { held, ask };
}

describe('gatherPartialQuorum (the first t proven partials; the rest checked and logged when they are in)', () => {
  let logged: Entry[];
  const audit = { append: async (entry: Entry) => logged.push(entry) } as unknown as AuditLog;
  beforeEach(() => (logged = []));

  it('goes on with t proven partials before the last key holder answers, then logs its bad proof as refused', async () => {
    const { held, ask } = heldReplies();
    const gathering = gatherPartialQuorum(
      envelope,
      3,
      audit,
      ask,
      check((p) => p.org !== 'schoolbestuur'),
    );
    await new Promise((r) => setImmediate(r));
    for (const org of ['sterkhuis', 'gemeente', 'ggd']) held[org](partial(org));
    const { partials, late } = await gathering;
    expect(partials.map((p) => p.org)).toEqual(['gemeente', 'ggd', 'sterkhuis']);
    expect(logged.map((e) => e.type)).toEqual(['decryption.requested', 'decryption.received']);
    expect(logged[1].details).toEqual({ from: ['gemeente', 'ggd', 'sterkhuis'] });

    held.schoolbestuur(partial('schoolbestuur'));
    expect(await late).toEqual([]);
    expect(logged.slice(2)).toEqual([
      expect.objectContaining({ type: 'decryption.received', details: { from: ['schoolbestuur'], late: true } }),
      expect.objectContaining({
        type: 'decryption.refused',
        details: {
          reasons: ["schoolbestuur's partial decryption fails its proof of correctness: left out"],
          answered: [],
          late: true,
        },
      }),
    ]);
  });

  it('does not count a partial that fails its proof: waits for the next key holder', async () => {
    const { held, ask } = heldReplies();
    const gathering = gatherPartialQuorum(
      envelope,
      3,
      audit,
      ask,
      check((p) => p.org !== 'ggd'),
    );
    await new Promise((r) => setImmediate(r));
    for (const org of ['gemeente', 'ggd', 'sterkhuis']) held[org](partial(org));
    let done = false;
    void gathering.then(() => (done = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false);
    held.schoolbestuur(partial('schoolbestuur'));
    const { partials, late } = await gathering;
    await late;
    expect(partials.map((p) => p.org)).toEqual(['gemeente', 'schoolbestuur', 'sterkhuis']);
    expect(logged.find((e) => e.type === 'decryption.refused')!.details.reasons).toEqual([
      "ggd's partial decryption fails its proof of correctness: left out",
    ]);
    expect(logged.filter((e) => e.details.late)).toEqual([]);
  });

  it('refuses, logs and leaves out exactly what gatherPartials does, whatever the order the answers come in (property)', async () => {
    const kinds = ['proven', 'bad proof', 'malformed', 'unreachable'] as const;
    // Sealed once each: tweetnacl takes tens of milliseconds per box on a loaded machine.
    const made = new Map<string, Reply<SealedReply>>();
    const sealed = (org: string, malformed: boolean) => {
      const id = `${org}/${malformed}`;
      if (!made.has(id)) made.set(id, partial(org, malformed ? ['not hex'] : undefined));
      return made.get(id)!;
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...kinds), { minLength: 4, maxLength: 4 }),
        fc.array(fc.nat(30), { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 1, max: 4 }),
        async (what, delays, threshold) => {
          const kindOf = (org: string) => what[envelope.keyHolders.indexOf(org)];
          const reply = (org: string): Reply<SealedReply> =>
            kindOf(org) === 'unreachable'
              ? { ok: false, reason: `${org} did not answer`, unreachable: true }
              : sealed(org, kindOf(org) === 'malformed');
          const delayed = (org: string) =>
            new Promise<Reply<SealedReply>>((r) =>
              setTimeout(() => r(reply(org)), delays[envelope.keyHolders.indexOf(org)]),
            );
          const proofs = check((p) => kindOf(p.org) !== 'bad proof');
          logged = [];
          const before = await gatherPartials(envelope, threshold, audit, async (org) => reply(org), proofs).then(
            (partials) => ({ partials: partials.map((p) => p.org) }),
            (error: Error) => ({ refused: error.message }),
          );
          const beforeLog = logged;
          logged = [];
          const now = await gatherPartialQuorum(envelope, threshold, audit, delayed, proofs).then(
            async ({ partials, late }) => (await late, { partials: partials.map((p) => p.org) }),
            (error: Error) => ({ refused: error.message }),
          );
          if ('refused' in before) return expect(now).toEqual(before);
          expect('partials' in now && now.partials.length).toBe(threshold);
          expect('partials' in now && now.partials.every((org) => before.partials.includes(org))).toBe(true);
          const all = (entries: Entry[], type: string, field: string) =>
            entries
              .filter((e) => e.type === type)
              .flatMap((e) => e.details[field] as string[])
              .sort();
          expect(all(logged, 'decryption.received', 'from')).toEqual(all(beforeLog, 'decryption.received', 'from'));
          expect(all(logged, 'decryption.refused', 'reasons')).toEqual(all(beforeLog, 'decryption.refused', 'reasons'));
          expect(logged[0]).toEqual(beforeLog[0]);
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);
});

describe('lateDisagreement (the t + 1 cross-check, after the release)', () => {
  it('finds nothing for honest later partials or none, and names a later partial that gives other plaintexts', async () => {
    const key = await generateThresholdKey(256, envelope.keyHolders, 3);
    const ciphertexts = new PaillierEncryptor(key.publicKey).encryptVector([3n, 0n, 1234n]);
    const [a, b, c, d] = key.shares.map((share) => ({
      org: share.holder,
      keyId: share.keyId,
      values: thresholdPartialDecrypt(share, ciphertexts),
    }));
    expect(lateDisagreement(key.publicKey, [a, b, c], [])).toBeNull();
    expect(lateDisagreement(key.publicKey, [a, b, c], [d])).toBeNull();
    const n = hexToBigint(key.publicKey.n);
    // Shifted by (1 + n): it still combines, to another plaintext; only a second subset shows it.
    const shifted = { ...d, values: d.values.map((v) => bigintToHex((hexToBigint(v) * (1n + n)) % (n * n))) };
    expect(lateDisagreement(key.publicKey, [a, b, c], [shifted])).toMatch(
      new RegExp(
        `^after the release, the partial decryptions of ${d.org} do not agree with those released: .*disagree`,
      ),
    );
  }, 60_000);
});
