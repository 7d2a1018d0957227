import { generateSigningKeyPair, SealedBox } from '@bfa/crypto';
import {
  FramedChunk,
  FramedPayload,
  HopSendRequest,
  MalformedPayload,
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

const coordinator = generateSigningKeyPair();
const nodeKeys = { sterkhuis: generateSigningKeyPair(), gemeente: generateSigningKeyPair() };
const queryId = '3f2c1b7e-1111-4222-8333-444455556666';
const registry = {
  coordinator: { publicKey: coordinator.publicKey },
  organisations: {
    sterkhuis: { nodePublicKey: nodeKeys.sterkhuis.publicKey },
    gemeente: { nodePublicKey: nodeKeys.gemeente.publicKey },
  },
} as unknown as Registry;

const box = (index: number): SealedBox => ({
  scheme: 'x25519-chacha20-poly1305',
  recipientPublicKey: 'cmVjaXBpZW50',
  ephemeralPublicKey: 'ZXBoZW1lcmFs',
  nonce: 'bm9uY2U=',
  box: Buffer.from(`sealed records of chunk ${index}`).toString('base64'),
});

const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value));

const authorise = (body = { queryId, step: 1, to: 'ggd' }, from = 'sterkhuis'): HopSendRequest =>
  wire(signCoordinatorMessage(subjects.hopSend(from), body, coordinator.secretKey));

/** Chunk `index` of 2 of step 1 (sterkhuis → ggd) in a frame, as the sender's node pushes it. */
function frame(
  authorisation: HopSendRequest,
  index: number,
  change: Partial<PushedHopChunk> = {},
  from: 'sterkhuis' | 'gemeente' = 'sterkhuis',
  bytes?: Buffer,
): FramedPayload {
  const framed = FramedChunk.of(box(index));
  const route = { queryId, step: 1, from, to: 'ggd', index, chunks: 2, ...change };
  const message = signPushedChunk({ ...route, chunk: framed.header, authorisation }, nodeKeys[from].secretKey);
  return new FramedPayload(wire(message), bytes ?? framed.bytes);
}

function receiver(addressed: 'yes' | 'no' = 'yes'): PushedChunkReceiver & { asked: number } {
  const state = {
    org: 'ggd',
    registry,
    freshnessMs: 5 * 60_000,
    runs: new CombinationRuns(),
    pushes: new PushedTransfers(),
    asked: 0,
    addressedHere: async (_q: string, step: number, from: string) => {
      state.asked++;
      if (addressed === 'no' || from !== 'sterkhuis' || step !== 1)
        throw new Refusal(`step ${step} of query ${queryId} is not addressed to ggd`);
    },
  };
  return state;
}

/** The same frame claiming another position: the sender's signature was over position 0. */
const moved = (framed: FramedPayload) =>
  new FramedPayload({ ...(framed.message as PushedHopChunk), index: 1 }, framed.bytes);

const header = { queryId, step: 1, from: 'sterkhuis', to: 'ggd', receipts: [], chunks: 2 };
/** How many chunks of step 1 the node kept (the hop read as whole fails, naming the count delivered). */
const kept = (r: PushedChunkReceiver) => {
  try {
    return r.runs.incomingHop(header).chunks.length;
  } catch (error) {
    return Number(/; (\d+) were delivered/.exec((error as Error).message)![1]);
  }
};

describe("a chunk pushed to this node: kept only under the coordinator's authorisation of this very hop", () => {
  it("keeps a hop's chunks pushed under one authorisation, where relayed chunks go, and then nothing more for it", async () => {
    const r = receiver();
    const authorisation = authorise();
    expect(await receivePushedChunk(frame(authorisation, 1), r)).toBe(1);
    expect(await receivePushedChunk(frame(authorisation, 0), r)).toBe(0);
    expect(r.runs.incomingHop(header).chunks).toEqual([box(0), box(1)]);
    r.pushes.spend(queryId, 1);
    // Replayed once the hop was taken: the same frame, or a fresh authorisation for the same step.
    await expect(receivePushedChunk(frame(authorisation, 0), r)).rejects.toThrow(
      /already received here: a chunk pushed for it again is a replay/,
    );
    await expect(receivePushedChunk(frame(authorise(), 0), r)).rejects.toThrow(/already received here/);
    expect(kept(r)).toBe(0);
  });

  it('refuses, keeping nothing: no frame, no or a forged authorisation, one for another recipient, step or query', async () => {
    const r = receiver();
    const forged = wire(
      signCoordinatorMessage(
        subjects.hopSend('sterkhuis'),
        { queryId, step: 1, to: 'ggd' },
        generateSigningKeyPair().secretKey,
      ),
    );
    const { authorisation: _none, ...bare } = frame(authorise(), 0).message as PushedHopChunk;
    const other = '00000000-0000-4000-8000-000000000000';
    const cases: [unknown, RegExp][] = [
      [frame(authorise(), 0).message, /travels in a binary frame/],
      [new MalformedPayload('not a JSON message'), /travels in a binary frame/],
      [new FramedPayload(bare, frame(authorise(), 0).bytes), /invalid message: authorisation/],
      [frame(forged, 0), /coordinator's signature does not verify/],
      [frame(authorise({ queryId, step: 1, to: 'schoolbestuur' }), 0), /to schoolbestuur, not step 1 .* to ggd/],
      [frame(authorise({ queryId, step: 2, to: 'ggd' }), 0), /authorised sterkhuis to send step 2/],
      [frame(authorise({ queryId: other, step: 1, to: 'ggd' }), 0), new RegExp(`step 1 of query ${other} to ggd`)],
      // gemeente, not the chain's sender of step 1, with an authorisation the coordinator gave sterkhuis.
      [frame(authorise(), 0, {}, 'gemeente'), /authorisation for gemeente is refused/],
      // The sender's own signature over another chunk's header, and bytes that are not those the header names.
      [moved(frame(authorise(), 0)), /signature on chunk 1 of step 1 does not verify/],
      [frame(authorise(), 0, {}, 'sterkhuis', Buffer.from('other bytes')), /frame carries \d+ bytes; its header names/],
      [frame(authorise(), 2, { chunks: 2 }), /chunk 2 is past the 2 chunks its sender announces/],
    ];
    for (const [payload, reason] of cases) await expect(receivePushedChunk(payload, r)).rejects.toThrow(reason);
    expect(kept(r)).toBe(0);
  });

  it('refuses a hop the chain does not send from this sender to this node, asked only once the signatures verify', async () => {
    const r = receiver('no');
    await expect(receivePushedChunk(frame(authorise(), 0), r)).rejects.toThrow(/not addressed to ggd/);
    expect(r.asked).toBe(1);
    await expect(receivePushedChunk(frame(authorise({ queryId, step: 2, to: 'ggd' }), 0), r)).rejects.toThrow();
    expect(r.asked).toBe(1);
    expect(kept(r)).toBe(0);
  });

  it('forgets a transfer that stopped half-way, and a hop taken, with the run (2 h)', () => {
    const pushes = new PushedTransfers();
    const first = frame(authorise(), 0).message as PushedHopChunk;
    const other = frame(authorise(), 1).message as PushedHopChunk;
    pushes.record(first, 0);
    expect(pushes.problem(other, 60_000)).toMatch(/under another authorisation/);
    expect(pushes.problem(other, 2 * 3_600_000 + 1)).toBeNull();
    pushes.spend(queryId, 1, 0);
    expect(pushes.problem(other, 60_000)).toMatch(/already received here/);
    expect(pushes.problem(other, 2 * 3_600_000 + 1)).toBeNull();
  });

  it("refuses a second authorisation while a hop's transfer is under way, another count, and a position twice", async () => {
    const r = receiver();
    const first = authorise();
    await receivePushedChunk(frame(first, 0), r);
    await expect(receivePushedChunk(frame(authorise(), 1), r)).rejects.toThrow(/under another authorisation/);
    await expect(receivePushedChunk(frame(first, 1, { chunks: 3 }), r)).rejects.toThrow(/in 2 chunks, not .* in 3/);
    await expect(receivePushedChunk(frame(first, 0), r)).rejects.toThrow(/chunk 0 of step 1 .* was already delivered/);
    expect(kept(r)).toBe(1);
  });
});
