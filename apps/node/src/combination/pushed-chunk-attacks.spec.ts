import fc from 'fast-check';
import { generateSigningKeyPair, SealedBox } from '@bfa/crypto';
import {
  FramedChunk,
  FramedPayload,
  HopSendRequest,
  InvalidMessageError,
  PushedHopChunk,
  Registry,
  signCoordinatorMessage,
  signPushedChunk,
  subjects,
} from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { CombinationRuns } from './combination-runs';
import { PushedChunkReceiver, receivePushedChunk } from './pushed-chunk';
import { PushedTransfers } from './pushed-transfers';

/**
 * A curious partner (gemeente: its own NATS account and node key, and the coordinator's genuine authorisation of its
 * own hop, step 2 to schoolbestuur) pushing whatever it likes to ggd, whose chain expects step 1 from sterkhuis only.
 * Whatever it sends, ggd refuses with a reason and keeps nothing.
 */
const coordinator = generateSigningKeyPair();
const gemeente = generateSigningKeyPair();
const sterkhuis = generateSigningKeyPair();
const queryId = '3f2c1b7e-1111-4222-8333-444455556666';
const otherQuery = '00000000-0000-4000-8000-000000000000';
const registry = {
  coordinator: { publicKey: coordinator.publicKey },
  organisations: {
    sterkhuis: { nodePublicKey: sterkhuis.publicKey },
    gemeente: { nodePublicKey: gemeente.publicKey },
  },
} as unknown as Registry;

const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value));
const authorise = (from: string, body: { queryId: string; step: number; to: string }): HopSendRequest =>
  wire(signCoordinatorMessage(subjects.hopSend(from), body, coordinator.secretKey));

/** What gemeente holds: its own hop's authorisation, and ones it might see replayed or made up. */
const authorisations = [
  authorise('gemeente', { queryId, step: 2, to: 'schoolbestuur' }),
  // Stale: the coordinator's genuine authorisation of gemeente's step 1 to ggd, ten minutes old.
  wire(
    signCoordinatorMessage(
      subjects.hopSend('gemeente'),
      { queryId, step: 1, to: 'ggd' },
      coordinator.secretKey,
      new Date(Date.now() - 10 * 60_000),
    ),
  ),
  // Its own authorisation with the step or recipient edited (the coordinator's signature no longer covers it).
  { ...authorise('gemeente', { queryId, step: 2, to: 'schoolbestuur' }), step: 1, to: 'ggd' },
  // Signed by gemeente's own key, not the coordinator's.
  wire(signCoordinatorMessage(subjects.hopSend('sterkhuis'), { queryId, step: 1, to: 'ggd' }, gemeente.secretKey)),
  // A genuine authorisation for another query of the same chain.
  authorise('sterkhuis', { queryId: otherQuery, step: 1, to: 'ggd' }),
];

const box = (text: string): SealedBox => ({
  scheme: 'x25519-chacha20-poly1305',
  recipientPublicKey: 'cmVjaXBpZW50',
  ephemeralPublicKey: 'ZXBoZW1lcmFs',
  nonce: 'bm9uY2U=',
  box: Buffer.from(text).toString('base64'),
});

const hostileNumber = fc.oneof(
  fc.integer({ min: -2, max: 10 }),
  fc.constantFrom(199, 200, 201, 2 ** 31, 1.5, NaN, -0, Number.MAX_SAFE_INTEGER),
  fc.constantFrom('1', null, [], {}),
);
const route = fc.record({
  queryId: fc.constantFrom(queryId, otherQuery, '', '../../etc', queryId.toUpperCase()),
  step: hostileNumber,
  from: fc.constantFrom('gemeente', 'sterkhuis', 'ggd', 'constructor', 'schoolbestuur', 'Gemeente', ''),
  to: fc.constantFrom('ggd', 'schoolbestuur', 'GGD', '*', 'ggd.>'),
  index: hostileNumber,
  chunks: hostileNumber,
});
const push = fc.record({
  route,
  authorisation: fc.oneof(fc.constantFrom(...authorisations), fc.constantFrom(undefined, null, {}, 'authorised')),
  text: fc.string({ maxLength: 40 }),
  /** What gemeente does to the bytes or the header after hashing them. */
  tamper: fc.constantFrom('none', 'bytes', 'length', 'digest', 'unsigned', 'extra field'),
  signer: fc.constantFrom('gemeente', 'none'),
});

type Push = typeof push extends fc.Arbitrary<infer T> ? T : never;

function pushed({ route: r, authorisation, text, tamper, signer }: Push): FramedPayload {
  const framed = FramedChunk.of(box(text));
  const header =
    tamper === 'length'
      ? { ...framed.header, boxBytes: framed.header.boxBytes + 1 }
      : tamper === 'digest'
        ? { ...framed.header, boxDigest: '0'.repeat(64) }
        : framed.header;
  // As JSON carries it (NaN as null), then signed: what a partner's node can put on the wire.
  const unsigned = wire({ ...r, chunk: header, authorisation }) as unknown as Omit<PushedHopChunk, 'signature'>;
  let message: object =
    signer === 'gemeente' ? signPushedChunk(unsigned, gemeente.secretKey) : { ...unsigned, signature: 'AAAA' };
  if (tamper === 'unsigned') message = { ...message, signature: undefined };
  if (tamper === 'extra field') message = { ...message, constructor: { prototype: { polluted: true } } };
  const bytes = tamper === 'bytes' ? Buffer.concat([framed.bytes, Buffer.from([0])]) : framed.bytes;
  return new FramedPayload(wire(message), bytes);
}

function receiver(): PushedChunkReceiver & { asked: number } {
  const state = {
    org: 'ggd',
    registry,
    freshnessMs: 5 * 60_000,
    runs: new CombinationRuns(),
    pushes: new PushedTransfers(),
    asked: 0,
    addressedHere: async (_q: string, step: number, from: string) => {
      state.asked++;
      if (from !== 'sterkhuis' || step !== 1) throw new Refusal(`step ${step} is not addressed to ggd from ${from}`);
    },
  };
  return state;
}

/** How many chunks of step 1 the node kept (read back as a one-chunk hop: the refusal names the count). */
const kept = (r: PushedChunkReceiver, query = queryId) => {
  try {
    return r.runs.incomingHop({ queryId: query, step: 1, from: 'sterkhuis', to: 'ggd', receipts: [], chunks: 1 }).chunks
      .length;
  } catch (error) {
    return Number(/; (\d+) were delivered/.exec((error as Error).message)![1]);
  }
};

describe('a curious partner pushing chunks to a node whose hop it does not send', () => {
  it('is refused with a reason whatever it pushes, nothing kept, the chain asked only past the signatures (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(push, { minLength: 1, maxLength: 4 }), async (pushes) => {
        const r = receiver();
        for (const p of pushes) {
          const outcome = await receivePushedChunk(pushed(p), r).then(
            (index) => ({ kept: index }),
            (error: unknown) => error,
          );
          expect(outcome instanceof Refusal || outcome instanceof InvalidMessageError).toBe(true);
        }
        // Nothing reaches the steward's chain check: every push fails on an authorisation or a signature first.
        expect(r.asked).toBe(0);
        expect(kept(r)).toBe(0);
        expect(kept(r, otherQuery)).toBe(0);
        expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
      }),
      { numRuns: 1500 },
    );
  });

  it('cannot use its own genuine authorisation to park chunks for a hop of its own at a node it does not send to', async () => {
    const r = receiver();
    const own = authorise('gemeente', { queryId, step: 2, to: 'ggd' });
    const framed = FramedChunk.of(box('records gemeente wants ggd to hold'));
    const message = signPushedChunk(
      {
        queryId,
        step: 2,
        from: 'gemeente',
        to: 'ggd',
        index: 0,
        chunks: 200,
        chunk: framed.header,
        authorisation: own,
      },
      gemeente.secretKey,
    );
    await expect(receivePushedChunk(new FramedPayload(wire(message), framed.bytes), r)).rejects.toThrow(
      /step 2 is not addressed to ggd from gemeente/,
    );
    expect(r.asked).toBe(1);
    expect(
      r.runs.incomingHop.bind(r.runs, {
        ...{ queryId, step: 2, from: 'gemeente', to: 'ggd' },
        receipts: [],
        chunks: 1,
      }),
    ).toThrow(/0 were delivered/);
  });
});
