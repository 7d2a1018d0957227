import { AggregateDto, MESSAGE_HEADROOM_BYTES, QueryEnvelope, Reply, SignedContributionDto } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { keyHolderRequest } from './key-holder-request';

const envelope = { id: '3f1c2b9e-4d5a-4e6f-8a7b-9c0d1e2f3a4b', keyHolders: ['ggd'] } as QueryEnvelope;
const aggregate: AggregateDto = { contributors: ['ab'] };
const contributions = Array.from(
  { length: 10 },
  (_, i) => ({ contribution: { org: `org-${i}`, contributors: ['ab'.repeat(2000)] }, signature: 'c2ln' }) as never,
) as SignedContributionDto[];

/** A gateway that records what it was asked and answers as `answer` says. */
function gateway(maxPayload: number, answer: (subject: string) => Reply<unknown> = () => ({ ok: true, value: {} })) {
  const sent: { subject: string; payload: Record<string, unknown> }[] = [];
  return {
    sent,
    nodes: {
      maxPayload: async () => maxPayload,
      request: async <T>(_org: string, subject: string, payload: object) => {
        sent.push({ subject, payload: payload as Record<string, unknown> });
        return answer(subject) as Reply<T>;
      },
    },
  };
}

describe('keyHolderRequest', () => {
  it('sends every contribution in the partial decryption request when it fits', async () => {
    const { nodes, sent } = gateway(8 * 2 ** 20);
    await (
      await keyHolderRequest(nodes, envelope, contributions, aggregate)
    )('ggd');
    expect(sent).toEqual([{ subject: 'node.ggd.decryption.partial', payload: { envelope, contributions, aggregate } }]);
  });

  it('sends them ahead in chunks under max_payload when they do not, then the request naming the batch', async () => {
    const { nodes, sent } = gateway(MESSAGE_HEADROOM_BYTES + 9_000);
    const ask = await keyHolderRequest(nodes, envelope, contributions, aggregate);
    await ask('ggd');
    const chunks = sent.filter((s) => s.subject === 'node.ggd.decryption.contributions');
    expect(chunks).toHaveLength(5);
    expect(chunks.map((c) => c.payload.index)).toEqual([0, 1, 2, 3, 4]);
    expect(chunks.flatMap((c) => c.payload.contributions as unknown[])).toEqual(contributions);
    const batch = chunks[0].payload.batch;
    expect(chunks.every((c) => c.payload.batch === batch && c.payload.queryId === envelope.id)).toBe(true);
    expect(sent[sent.length - 1]).toEqual({
      subject: 'node.ggd.decryption.partial',
      payload: { envelope, aggregate, contributionChunks: { batch, count: 5 } },
    });
    // Each release attempt is a batch of its own.
    sent.length = 0;
    await (
      await keyHolderRequest(nodes, envelope, contributions, aggregate)
    )('ggd');
    expect(sent[0].payload.batch).not.toBe(batch);
  });

  it('stops at a chunk the key holder refuses and answers with its reason, asking nothing more', async () => {
    const { nodes, sent } = gateway(MESSAGE_HEADROOM_BYTES + 9_000, (subject) =>
      subject.endsWith('contributions') && sent.length === 2
        ? { ok: false, reason: 'ggd: no' }
        : { ok: true, value: {} },
    );
    expect(await (await keyHolderRequest(nodes, envelope, contributions, aggregate))('ggd')).toEqual({
      ok: false,
      reason: 'ggd: no',
    });
    expect(sent).toHaveLength(2);
  });

  it('refuses, naming the reason, when a contribution does not fit in any message under max_payload', async () => {
    const { nodes, sent } = gateway(MESSAGE_HEADROOM_BYTES + 1_000);
    const refused = keyHolderRequest(nodes, envelope, contributions, aggregate);
    await expect(refused).rejects.toThrow(Refusal);
    await expect(refused).rejects.toThrow(
      /the key holders can't be sent the contributions: a contribution of \d+ bytes does not fit in one NATS message/,
    );
    expect(sent).toEqual([]);
  });
});
