import { AuditLog } from '@bfa/audit';
import { generateBoxKeyPair } from '@bfa/crypto';
import {
  CombinationPartial,
  CombinationPartialDto,
  QueryEnvelope,
  Reply,
  SealedReply,
  sealForCoordinator,
} from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { gatherPartials, PartialCheck } from './partial-decryptions';

const KEY_ID = 'a1b2c3d4e5f60718';
const OTHER_QUERY = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const envelope = {
  id: '3f1c2b9e-4d5a-4e6f-8a7b-9c0d1e2f3a4b',
  keyId: KEY_ID,
  keyHolders: ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'],
} as QueryEnvelope;
const coordinator = generateBoxKeyPair();

/** A key holder's reply as the node seals it, optionally bound to something else than this query. */
function partial(
  org: string,
  values: unknown = ['0a1b', 'ff'],
  binding: { queryId?: string; keyId?: string; org?: string; to?: string } = {},
): Reply<SealedReply> {
  const bound = { queryId: binding.queryId ?? envelope.id, keyId: binding.keyId ?? KEY_ID, org: binding.org ?? org };
  return {
    ok: true,
    value: sealForCoordinator(bound, { org, keyId: KEY_ID, values }, binding.to ?? coordinator.publicKey),
  };
}

const check = (
  proven: (p: CombinationPartial) => boolean | Promise<boolean> = () => true,
): PartialCheck<CombinationPartial> => ({
  boxSecretKey: coordinator.secretKey,
  shape: CombinationPartialDto,
  proven,
});

describe('gatherPartials', () => {
  let logged: { type: string; details: Record<string, unknown> }[];
  const audit = {
    append: async (entry: { type: string; details: Record<string, unknown> }) => logged.push(entry),
  } as unknown as AuditLog;

  beforeEach(() => (logged = []));

  it('keeps the well-formed, proven partials and logs why each other key holder was left out', async () => {
    const replies: Record<string, Reply<SealedReply>> = {
      gemeente: partial('gemeente'),
      ggd: partial('ggd', ['not hex']),
      schoolbestuur: { ok: false, reason: 'schoolbestuur did not answer', unreachable: true },
      sterkhuis: partial('sterkhuis'),
    };
    const answered = await gatherPartials(
      envelope,
      1,
      audit,
      async (org) => replies[org],
      check((p) => p.org !== 'sterkhuis'),
    );
    expect(answered.map((p) => p.org)).toEqual(['gemeente']);
    // Who answered at all, so the cross-check can require the matching decryption in each one's own log.
    expect(logged.find((e) => e.type === 'decryption.received')!.details.from).toEqual([
      'gemeente',
      'ggd',
      'sterkhuis',
    ]);
    const refused = logged.find((e) => e.type === 'decryption.refused')!;
    expect(refused.details.answered).toEqual(['gemeente']);
    expect(refused.details.reasons).toEqual([
      expect.stringMatching(/^ggd's partial decryption is malformed \(.*values.*\): left out$/),
      'schoolbestuur did not answer',
      "sterkhuis's partial decryption fails its proof of correctness: left out",
    ]);
  });

  it('waits for proofs checked elsewhere (worker threads), all at once, and leaves out one that fails', async () => {
    const started: string[] = [];
    const startedWhenDone: number[] = [];
    const proven = (p: CombinationPartial) => {
      started.push(p.org);
      return new Promise<boolean>((resolve) =>
        setTimeout(() => {
          startedWhenDone.push(started.length);
          resolve(p.org !== 'ggd');
        }, 20),
      );
    };
    const answered = await gatherPartials(envelope, 3, audit, async (org) => partial(org), check(proven));
    expect(started).toEqual(envelope.keyHolders);
    expect(startedWhenDone[0]).toBe(4);
    expect(answered.map((p) => p.org)).toEqual(['gemeente', 'schoolbestuur', 'sterkhuis']);
    expect(logged.find((e) => e.type === 'decryption.refused')!.details.reasons).toEqual([
      "ggd's partial decryption fails its proof of correctness: left out",
    ]);
  });

  it('takes the org from the key holder asked, not from what it claims outside the seal', async () => {
    const answered = await gatherPartials(envelope, 4, audit, async (org) => partial(org), check());
    expect(answered.map((p) => p.org)).toEqual(envelope.keyHolders);
  });

  it('leaves out a partial that is unsealed, sealed to another key, or bound to another query, key or holder, with the reason', async () => {
    const replies: Record<string, Reply<SealedReply>> = {
      gemeente: { ok: true, value: { org: 'gemeente', keyId: KEY_ID, values: ['0a1b'] } as unknown as SealedReply },
      ggd: partial('ggd', undefined, { to: generateBoxKeyPair().publicKey }),
      schoolbestuur: partial('schoolbestuur', undefined, { queryId: OTHER_QUERY }),
      sterkhuis: partial('sterkhuis', undefined, { org: 'gemeente' }),
    };
    await expect(gatherPartials(envelope, 1, audit, async (org) => replies[org], check())).rejects.toThrow(Refusal);
    expect(logged.find((e) => e.type === 'decryption.refused')!.details.reasons).toEqual([
      expect.stringMatching(/^gemeente's sealed partial decryption is left out: invalid message: .*sealed/),
      expect.stringMatching(/^ggd's sealed partial decryption is left out: it does not open/),
      `schoolbestuur's sealed partial decryption is left out: it was sealed for queryId "${OTHER_QUERY}", not ${envelope.id}`,
      `sterkhuis's sealed partial decryption is left out: it was sealed for org "gemeente", not sterkhuis`,
    ]);
    const otherKey = await gatherPartials(
      envelope,
      0,
      audit,
      async (org) => partial(org, undefined, { keyId: 'ffffffffffffffff' }),
      check(),
    );
    expect(otherKey).toEqual([]);
    expect(logged.at(-1)!.details.reasons).toContain(
      `gemeente's sealed partial decryption is left out: it was sealed for keyId "ffffffffffffffff", not ${KEY_ID}`,
    );
  });

  it('refuses when fewer than the threshold remain, naming every reason', async () => {
    const malformed = (org: string) =>
      ({
        ok: true,
        value: sealForCoordinator(
          { queryId: envelope.id, keyId: KEY_ID, org },
          { org: 'x', keyId: KEY_ID, values: [], extra: 1 },
          coordinator.publicKey,
        ),
      }) as Reply<SealedReply>;
    const gathering = gatherPartials(
      envelope,
      3,
      audit,
      async (org) => (org === 'gemeente' ? partial(org) : malformed(org)),
      check(),
    );
    await expect(gathering).rejects.toThrow(Refusal);
    await expect(gatherPartials(envelope, 3, audit, async (org) => malformed(org), check())).rejects.toThrow(
      /only 0 of the 3 key holders needed answered: gemeente's partial decryption is malformed/,
    );
  });
});
