import { NatsRequestJSONDeserializer } from '@nestjs/microservices/deserializers/nats-request-json.deserializer';
import { encodeFrame, FramedChunk } from '@bfa/protocol';
import { fetchedChunk, olderRelay } from './hop-chunks';

const box = {
  scheme: 'x25519-chacha20-poly1305' as const,
  recipientPublicKey: 'cmVjaXBpZW50',
  ephemeralPublicKey: 'ZXBoZW1lcmFs',
  nonce: 'bm9uY2U=',
  box: Buffer.from('sealed records').toString('base64'),
};

describe('fetchedChunk: what the coordinator takes from a sender before it signs the delivery', () => {
  const framed = FramedChunk.of(box);

  it('takes a frame whose bytes are those its header names', () => {
    expect(fetchedChunk('ggd', 0, { chunk: framed.header }, framed.bytes).sealedBox()).toEqual(box);
  });

  it('refuses an answer without a frame (a node answering in JSON), naming the node and the chunk', () => {
    expect(() => fetchedChunk('ggd', 3, { chunk: box }, undefined)).toThrow(
      "combination stopped: ggd's chunk 3 is refused: the answer carries no binary frame",
    );
  });

  it('refuses a header with the box inside, other fields or bytes that do not match it', () => {
    expect(() => fetchedChunk('ggd', 0, { chunk: { ...framed.header, box: box.box } }, framed.bytes)).toThrow(
      /property box should not exist/,
    );
    expect(() => fetchedChunk('ggd', 0, { chunk: framed.header, extra: 1 }, framed.bytes)).toThrow(
      /property extra should not exist/,
    );
    expect(() =>
      fetchedChunk('ggd', 0, { chunk: framed.header }, Buffer.concat([framed.bytes, Buffer.alloc(1)])),
    ).toThrow(/carries \d+ bytes; its header names/);
  });
});

describe('olderRelay', () => {
  it('names a node that refuses what only the relay of before binary frames would refuse', () => {
    expect(olderRelay('ggd', 'invalid message: property wire should not exist')).toMatch(
      /^ \(ggd seems to run a node of before/,
    );
    expect(olderRelay('ggd', 'invalid message: not a JSON message (Unexpected token)')).toMatch(/ggd seems to run/);
    expect(olderRelay('ggd', 'chunk 0 of step 1 of query q was already delivered')).toBe('');
  });

  it("matches what a node of before answers to a frame: its deserializer's reason for bytes that are not JSON", () => {
    const frame = encodeFrame({ pattern: 'node.ggd.combination.chunk.deliver', id: 'r1', data: {} }, Buffer.alloc(4));
    let reason = '';
    try {
      new NatsRequestJSONDeserializer().deserialize(frame);
    } catch (error) {
      reason = `invalid message: not a JSON message (${(error as Error).message})`;
    }
    expect(olderRelay('ggd', reason)).toMatch(/ggd seems to run a node of before binary hop chunks/);
  });
});
