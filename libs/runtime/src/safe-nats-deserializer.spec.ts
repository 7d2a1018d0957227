import { MalformedPayload } from '@bfa/protocol';
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
