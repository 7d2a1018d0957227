import fc from 'fast-check';
import { contributionChunks, MESSAGE_HEADROOM_BYTES } from './contribution-chunks';

/** A stand-in contribution of about `size` bytes of JSON. */
const contribution = (org: string, size: number) => ({ org, ciphertexts: 'a'.repeat(size) });
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe('contributionChunks', () => {
  const rest = { envelope: { id: 'q' }, aggregate: { contributors: ['ab'] } };

  it('leaves the contributions in the one request when all of it fits under max_payload', () => {
    const contributions = [contribution('a', 1000), contribution('b', 1000)];
    expect(contributionChunks(contributions, rest, MESSAGE_HEADROOM_BYTES + 4096)).toBeNull();
  });

  it('chunks what would exceed max_payload in one message: every chunk fits, in order, nothing lost or repeated', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 10, max: 5000 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 5100, max: 40_000 }),
        (sizes, room) => {
          const contributions = sizes.map((size, i) => contribution(`org-${i}`, size));
          const maxPayload = MESSAGE_HEADROOM_BYTES + room;
          const chunks = contributionChunks(contributions, rest, maxPayload);
          const whole = bytes({ ...rest, contributions });
          if (chunks === null) return expect(whole).toBeLessThanOrEqual(maxPayload);
          expect(chunks.flat()).toEqual(contributions);
          for (const chunk of chunks) expect(bytes({ contributions: chunk })).toBeLessThanOrEqual(room + 32);
          // Greedy: no chunk would have had room for the next one's first contribution.
          chunks.slice(1).forEach((chunk, i) => expect(bytes([...chunks[i], chunk[0]])).toBeGreaterThan(room));
        },
      ),
    );
  });

  it("puts 200 partners' 137-ciphertext contributions (27 MB) under nats-server's 8 MB in four messages", () => {
    const contributions = Array.from({ length: 200 }, (_, i) => contribution(`partner-${i}`, 137 * 1025));
    const chunks = contributionChunks(contributions, rest, 8 * 2 ** 20)!;
    expect(bytes(contributions)).toBeGreaterThan(26 * 2 ** 20);
    expect(chunks).toHaveLength(4);
    for (const chunk of chunks) expect(bytes(chunk)).toBeLessThan(8 * 2 ** 20 - MESSAGE_HEADROOM_BYTES);
  });

  it('refuses a max_payload that leaves no room for contributions, and a contribution too large for any message', () => {
    expect(() => contributionChunks([contribution('a', 10)], rest, 1024)).toThrow(/leaves no room/);
    const large = [contribution('a', 10), contribution('b', 6000)];
    expect(() => contributionChunks(large, rest, MESSAGE_HEADROOM_BYTES + 5000)).toThrow(
      /a contribution of 60\d\d bytes does not fit in one NATS message/,
    );
  });
});
