import { randomInt } from 'node:crypto';
import { AUDIT_EVENT_TYPES, AuditEntry } from './audit-entry';
import { generateSigningKeyPair } from '@bfa/crypto';
import { chainEntry, verifyChain } from './hash-chain';

const key = generateSigningKeyPair();
const writer = { id: 'coordinator', secretKey: key.secretKey };
const writerKey = { id: 'coordinator', publicKey: key.publicKey };

function randomChain(length: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let i = 0; i < length; i++) {
    entries.push(
      chainEntry(
        entries[i - 1] ?? null,
        {
          type: AUDIT_EVENT_TYPES[randomInt(AUDIT_EVENT_TYPES.length)],
          queryId: `q-${randomInt(5)}`,
          actor: ['coordinator', 'ggd', 'analyst'][randomInt(3)],
          details: { cells: randomInt(300), hash: randomInt(1e9).toString(16) },
        },
        writer,
      ),
    );
  }
  return entries;
}

describe('hash-chained audit log', () => {
  it('verifies an untouched chain of random entries', () => {
    const chain = randomChain(15);
    expect(verifyChain(chain)).toEqual({ valid: true, entries: 15, headHash: chain[14].hash });
    expect(verifyChain(chain, writerKey)).toEqual({ valid: true, entries: 15, headHash: chain[14].hash });
    expect(verifyChain([])).toMatchObject({ valid: true, entries: 0 });
  });

  it.each<[string, (e: AuditEntry) => AuditEntry]>([
    ['details', (e) => ({ ...e, details: { ...e.details, cells: 1 + (e.details.cells as number) } })],
    ['type', (e) => ({ ...e, type: e.type === 'release.published' ? 'query.failed' : 'release.published' })],
    ['time', (e) => ({ ...e, time: '2020-01-01T00:00:00.000Z' })],
    ['actor', (e) => ({ ...e, actor: 'someone-else' })],
    ['queryId', (e) => ({ ...e, queryId: null })],
    ['hash', (e) => ({ ...e, hash: 'f'.repeat(64) })],
  ])('fails at the edited entry when its %s changes', (_field, edit) => {
    // Signing is slow under jest (tweetnacl in its sandbox): one chain, edited at random positions.
    const chain = randomChain(12);
    for (let trial = 0; trial < 5; trial++) {
      const at = randomInt(12);
      const edited = [...chain];
      edited[at] = edit(chain[at]);
      expect(verifyChain(edited)).toMatchObject({ valid: false, brokenAt: at + 1 });
    }
  });

  it('fails when an entry is deleted or entries are reordered', () => {
    const chain = randomChain(10);
    expect(verifyChain([...chain.slice(0, 4), ...chain.slice(5)])).toMatchObject({ valid: false, brokenAt: 6 });
    const swapped = [...chain];
    [swapped[2], swapped[3]] = [swapped[3], swapped[2]];
    expect(verifyChain(swapped).valid).toBe(false);
  });

  it('fails at the successor when an entry is replaced by a self-consistent forgery', () => {
    const chain = randomChain(6);
    const rewritten = chainEntry(
      chain[1],
      { type: 'release.published', queryId: 'q', actor: 'coordinator', details: {} },
      writer,
    );
    expect(verifyChain([...chain.slice(0, 2), { ...rewritten, seq: 3 }, ...chain.slice(3)])).toMatchObject({
      valid: false,
      brokenAt: 4,
    });
  });

  it("signatures: a whole chain rebuilt by someone without the writer's key fails, and so does another writer's", () => {
    const chain = randomChain(5);
    const forger = { id: 'coordinator', secretKey: generateSigningKeyPair().secretKey };
    const rebuilt: AuditEntry[] = [];
    for (const entry of chain.slice(0, 4))
      rebuilt.push(chainEntry(rebuilt[rebuilt.length - 1] ?? null, { ...entry }, forger));
    expect(verifyChain(rebuilt).valid).toBe(true);
    expect(verifyChain(rebuilt, writerKey)).toMatchObject({
      valid: false,
      brokenAt: 1,
      reason: expect.stringContaining('not signed by coordinator'),
    });
    expect(verifyChain(chain, { id: 'ggd', publicKey: key.publicKey })).toMatchObject({ valid: false, brokenAt: 1 });
    const resigned = chain.map((e) => ({ ...e, signature: chain[0].signature }));
    expect(verifyChain(resigned, writerKey)).toMatchObject({ valid: false, brokenAt: 2 });
  });
});
