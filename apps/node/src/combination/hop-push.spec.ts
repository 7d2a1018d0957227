import { ErrorCode, NatsConnection, NatsError } from 'nats';
import { SealedHop } from '@bfa/combination';
import { generateSigningKeyPair, SealedBox } from '@bfa/crypto';
import {
  decodeFrame,
  FramedChunk,
  HopSendRequest,
  PushedHopChunk,
  pushedChunkProblem,
  signCoordinatorMessage,
  subjects,
} from '@bfa/protocol';
import { pushHop } from './hop-push';

const coordinator = generateSigningKeyPair();
const sterkhuis = generateSigningKeyPair();
const queryId = '3f2c1b7e-1111-4222-8333-444455556666';
const box = (index: number): SealedBox => ({
  scheme: 'x25519-chacha20-poly1305',
  recipientPublicKey: 'cmVjaXBpZW50',
  ephemeralPublicKey: 'ZXBoZW1lcmFs',
  nonce: 'bm9uY2U=',
  box: Buffer.from(`sealed records of chunk ${index}`).toString('base64'),
});
const hop: SealedHop = { queryId, step: 1, from: 'sterkhuis', to: 'ggd', receipts: [], chunks: [0, 1, 2].map(box) };
const authorisation: HopSendRequest = JSON.parse(
  JSON.stringify(
    signCoordinatorMessage(subjects.hopSend('sterkhuis'), { queryId, step: 1, to: 'ggd' }, coordinator.secretKey),
  ),
);

type Answer = (index: number) => object | NatsError;

/** A NATS connection whose recipient answers each chunk as `answer` says, keeping what was sent. */
function nats(answer: Answer) {
  const sent: { subject: string; reply: string; message: PushedHopChunk; bytes: Buffer }[] = [];
  const connection = {
    request: async (subject: string, data: Uint8Array, options: { reply: string; noMux: boolean }) => {
      const { packet, bytes } = decodeFrame(data) as { packet: { data: PushedHopChunk }; bytes: Buffer };
      sent.push({ subject, reply: options.reply, message: packet.data, bytes });
      const answered = answer(packet.data.index);
      if (answered instanceof NatsError) throw answered;
      return { data: Buffer.from(JSON.stringify({ id: 'x', response: answered, isDisposed: true })) };
    },
  } as unknown as NatsConnection;
  return { connection, sent };
}

describe("the sender pushes its hop to the recipient, chunk by chunk, under the coordinator's authorisation", () => {
  it('sends every chunk in order in a frame the recipient can check, and reports counts, bytes and time', async () => {
    const { connection, sent } = nats((index) => ({ ok: true, value: { received: index } }));
    const report = await pushHop(connection, hop, authorisation, sterkhuis.secretKey);
    expect(report).toMatchObject({ chunks: 3, bytes: sent.reduce((sum, s) => sum + s.bytes.length, 0) });
    expect(sent.map((s) => [s.subject, s.message.index, s.message.chunks])).toEqual(
      [0, 1, 2].map((i) => ['node.ggd.combination.chunk.pushed', i, 3]),
    );
    for (const { message, bytes, reply } of sent) {
      expect(reply).toMatch(/^_INBOX\.node-sterkhuis\.push\.[0-9a-f]{24}$/);
      expect(message.authorisation).toEqual(authorisation);
      expect(new FramedChunk(message.chunk, bytes).sealedBox()).toEqual(box(message.index));
      const keys = {
        recipient: 'ggd',
        coordinatorPublicKey: coordinator.publicKey,
        senderPublicKey: sterkhuis.publicKey,
        freshnessMs: 60_000,
      };
      expect(pushedChunkProblem(message, keys)).toBeNull();
    }
    expect(new Set(sent.map((s) => s.reply)).size).toBe(3);
  });

  it('stops at the first chunk the recipient refuses, naming it, the chunk and the reason; nothing after it is sent', async () => {
    const { connection, sent } = nats((index) =>
      index === 1 ? { ok: false, reason: 'chunk 1 of step 1 was already delivered' } : { ok: true, value: {} },
    );
    await expect(pushHop(connection, hop, authorisation, sterkhuis.secretKey)).rejects.toThrow(
      `ggd did not take chunk 1 of step 1 of query ${queryId} from sterkhuis: chunk 1 of step 1 was already delivered`,
    );
    expect(sent.map((s) => s.message.index)).toEqual([0, 1]);
  });

  it('fails at once when the recipient is gone, and after the timeout when it is silent', async () => {
    const gone = nats(() => new NatsError('503', ErrorCode.NoResponders));
    await expect(pushHop(gone.connection, hop, authorisation, sterkhuis.secretKey)).rejects.toThrow(
      /ggd did not take chunk 0 .*: ggd's node is not there \(no responders\)/,
    );
    const silent = nats(() => new NatsError('timeout', ErrorCode.Timeout));
    await expect(pushHop(silent.connection, hop, authorisation, sterkhuis.secretKey, 5_000)).rejects.toThrow(
      /ggd did not take chunk 0 .*: no answer within 5 s/,
    );
    const garbled = nats(() => ({ nonsense: true }));
    await expect(pushHop(garbled.connection, hop, authorisation, sterkhuis.secretKey)).rejects.toThrow(
      /a malformed reply/,
    );
  });
});
