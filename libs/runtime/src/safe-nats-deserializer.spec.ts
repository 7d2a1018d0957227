import {
  decodeFrame,
  encodeFrame,
  FramedChunk,
  FramedPayload,
  isFrame,
  MalformedPayload,
  MAX_FRAMED_BOX_BYTES,
} from '@bfa/protocol';
import { FramedReplySerializer } from './framed-reply-serializer';
import { SafeNatsDeserializer } from './safe-nats-deserializer';

const bytes = (text: string) => new TextEncoder().encode(text);
const options = { channel: 'node.ggd.query.proposed', replyTo: '_INBOX.1' };
const deserialize = (text: string) => new SafeNatsDeserializer().deserialize(bytes(text), options);

describe('SafeNatsDeserializer', () => {
  it('passes a well-formed packet through unchanged', () => {
    expect(deserialize('{"pattern":"node.ggd.query.proposed","data":{"a":[1,2.5]},"id":"r1"}')).toEqual({
      pattern: 'node.ggd.query.proposed',
      data: { a: [1, 2.5] },
      id: 'r1',
    });
  });

  it('hands the handler a MalformedPayload with the reason for bytes that are not JSON, and keeps a reply id', () => {
    const packet = deserialize('{not json');
    expect(packet.data).toBeInstanceOf(MalformedPayload);
    expect(packet.data.reason).toMatch(/^not a JSON message/);
    expect(typeof packet.id).toBe('string');
  });

  it('refuses a number that JSON.parse makes infinite (1e999) with a clear reason, answering the same request id', () => {
    const packet = deserialize(
      '{"pattern":"node.ggd.query.proposed","data":{"envelope":{"minCellSize":1e999}},"id":"r2"}',
    );
    expect(packet).toMatchObject({ pattern: 'node.ggd.query.proposed', id: 'r2' });
    expect(packet.data).toEqual(
      new MalformedPayload('refused message: a number is out of range (Infinity): JSON numbers must be finite'),
    );
  });

  it('refuses deeply nested JSON before any handler, validation or canonical JSON recurses into it', () => {
    const packet = deserialize(`{"pattern":"p","data":{"x":${'['.repeat(200_000)}${']'.repeat(200_000)}},"id":"r3"}`);
    expect(packet.data).toEqual(new MalformedPayload('refused message: JSON nested deeper than 64 levels'));
  });
});

describe('SafeNatsDeserializer, a hop chunk in a binary frame', () => {
  const deliver = { channel: 'node.ggd.combination.chunk.deliver', replyTo: '_INBOX.2' };
  const message = { queryId: 'q', step: 1, index: 0, chunk: { boxBytes: 3 } };
  const frame = encodeFrame({ pattern: deliver.channel, data: message, id: 'r4' }, Buffer.from([1, 2, 3]));

  it('hands the delivery handler the message and the bytes, answering the same request id', () => {
    const packet = new SafeNatsDeserializer().deserialize(frame, deliver);
    expect(packet).toMatchObject({ pattern: deliver.channel, id: 'r4' });
    expect(packet.data).toBeInstanceOf(FramedPayload);
    expect(packet.data.message).toEqual(message);
    expect([...packet.data.bytes]).toEqual([1, 2, 3]);
  });

  it('refuses a frame on any other subject, a fetch included: those take JSON only', () => {
    for (const channel of [
      'node.ggd.combination.chunk.fetch',
      'node.ggd.query.proposed',
      'node.ggd.combination.chunk.deliver.x',
    ]) {
      const packet = new SafeNatsDeserializer().deserialize(frame, { channel, replyTo: '_INBOX.3' });
      expect(packet.data).toEqual(new MalformedPayload('a binary frame on a subject that takes JSON only'));
      expect(typeof packet.id).toBe('string');
    }
  });

  it('refuses a frame cut short or carrying more than a chunk, with the reason, and stays up', () => {
    const cut = new SafeNatsDeserializer().deserialize(frame.subarray(0, 30), deliver);
    expect(cut.data.reason).toMatch(/^refused binary frame: a frame of 30 bytes is cut short/);
    const oversize = encodeFrame({ id: 'r5', data: message }, Buffer.alloc(MAX_FRAMED_BOX_BYTES + 1));
    expect(new SafeNatsDeserializer().deserialize(oversize, deliver).data.reason).toMatch(
      /^refused binary frame: a frame carries 5625001 bytes, over a chunk's 5625000/,
    );
  });

  it('refuses JSON in a frame that the platform never sends, as it does outside one', () => {
    const deep = encodeFrame({ id: 'r6', data: { x: JSON.parse('['.repeat(100) + ']'.repeat(100)) } }, Buffer.alloc(1));
    const packet = new SafeNatsDeserializer().deserialize(deep, deliver);
    expect(packet).toMatchObject({ id: 'r6' });
    expect(packet.data).toEqual(new MalformedPayload('refused binary frame: JSON nested deeper than 64 levels'));
  });
});

describe('FramedReplySerializer', () => {
  it('frames an answer that carries a chunk, the header in the packet and the bytes beside it', () => {
    const chunk = new FramedChunk(
      {
        scheme: 'x25519-chacha20-poly1305',
        recipientPublicKey: 'a',
        ephemeralPublicKey: 'b',
        nonce: 'c',
        boxBytes: 2,
        boxDigest: 'd',
      },
      Buffer.from([9, 8]),
    );
    const { data } = new FramedReplySerializer().serialize({
      id: 'r7',
      response: { ok: true, value: { chunk } },
      isDisposed: true,
    });
    const { packet, bytes } = decodeFrame(data);
    expect(packet).toEqual({ id: 'r7', response: { ok: true, value: { chunk: chunk.header } }, isDisposed: true });
    expect([...bytes]).toEqual([9, 8]);
  });

  it('answers everything else as JSON, as Nest does', () => {
    const { data } = new FramedReplySerializer().serialize({
      id: 'r8',
      response: { ok: false, reason: 'no' },
      isDisposed: true,
    });
    expect(isFrame(data)).toBe(false);
    expect(JSON.parse(Buffer.from(data).toString())).toEqual({
      id: 'r8',
      response: { ok: false, reason: 'no' },
      isDisposed: true,
    });
  });
});
