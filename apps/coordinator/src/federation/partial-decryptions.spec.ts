import { AuditLog } from '@bfa/audit';
import { CombinationPartial, CombinationPartialDto, QueryEnvelope, Reply } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { gatherPartials } from './partial-decryptions';

const KEY_ID = 'a1b2c3d4e5f60718';
const envelope = { id: '3f1c2b9e-4d5a-4e6f-8a7b-9c0d1e2f3a4b', keyHolders: ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'] } as QueryEnvelope;
const partial = (org: string, values: unknown = ['0a1b', 'ff']): Reply<CombinationPartial> => ({ ok: true, value: { org, keyId: KEY_ID, values } as CombinationPartial });

describe('gatherPartials', () => {
  let logged: { type: string; details: Record<string, unknown> }[];
  const audit = { append: async (entry: { type: string; details: Record<string, unknown> }) => logged.push(entry) } as unknown as AuditLog;

  beforeEach(() => (logged = []));

  it('keeps the well-formed, proven partials and logs why each other key holder was left out', async () => {
    const replies: Record<string, Reply<CombinationPartial>> = {
      gemeente: partial('gemeente'),
      ggd: partial('ggd', ['not hex']),
      schoolbestuur: { ok: false, reason: 'schoolbestuur did not answer', unreachable: true },
      sterkhuis: partial('sterkhuis'),
    };
    const proven = (p: CombinationPartial) => p.org !== 'sterkhuis';
    const answered = await gatherPartials(envelope, 1, audit, async (org) => replies[org], CombinationPartialDto, proven);
    expect(answered.map((p) => p.org)).toEqual(['gemeente']);
    // Who answered at all, so the cross-check can require the matching decryption in each one's own log.
    expect(logged.find((e) => e.type === 'decryption.received')!.details.from).toEqual(['gemeente', 'ggd', 'sterkhuis']);
    const refused = logged.find((e) => e.type === 'decryption.refused')!;
    expect(refused.details.answered).toEqual(['gemeente']);
    expect(refused.details.reasons).toEqual([
      expect.stringMatching(/^ggd's partial decryption is malformed \(.*values.*\): left out$/),
      'schoolbestuur did not answer',
      "sterkhuis's partial decryption fails its proof of correctness: left out",
    ]);
  });

  it('takes the org from the key holder asked, not from what it claims', async () => {
    const answered = await gatherPartials(envelope, 4, audit, async () => partial('gemeente'), CombinationPartialDto, () => true);
    expect(answered.map((p) => p.org)).toEqual(envelope.keyHolders);
  });

  it('refuses when fewer than the threshold remain, naming every reason', async () => {
    const malformed = { ok: true, value: { org: 'x', keyId: KEY_ID, values: [], extra: 1 } } as unknown as Reply<CombinationPartial>;
    const gathering = gatherPartials(envelope, 3, audit, async (org) => (org === 'gemeente' ? partial(org) : malformed), CombinationPartialDto, () => true);
    await expect(gathering).rejects.toThrow(Refusal);
    await expect(gatherPartials(envelope, 3, audit, async () => malformed, CombinationPartialDto, () => true)).rejects.toThrow(/only 0 of the 3 key holders needed answered: gemeente's partial decryption is malformed/);
  });
});
