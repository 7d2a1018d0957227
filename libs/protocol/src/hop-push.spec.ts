import { generateSigningKeyPair } from '@bfa/crypto';
import { signCoordinatorMessage } from './coordinator-message';
import { FramedChunk } from './hop-chunk-frame';
import { HopSendRequest, PushedHopChunk, pushedChunkProblem, signPushedChunk } from './hop-push';
import { subjects } from './subjects';
import { validateMessage } from './validate-message';

const coordinator = generateSigningKeyPair();
const sterkhuis = generateSigningKeyPair();
const gemeente = generateSigningKeyPair();
const FRESH = 5 * 60_000;
const queryId = '3f2c1b7e-1111-4222-8333-444455556666';
const otherQuery = '00000000-0000-4000-8000-000000000000';

const framed = FramedChunk.of({
  scheme: 'x25519-chacha20-poly1305',
  recipientPublicKey: 'cmVjaXBpZW50',
  ephemeralPublicKey: 'ZXBoZW1lcmFs',
  nonce: 'bm9uY2U=',
  box: Buffer.from('sealed records').toString('base64'),
});

/** The coordinator's request to `from` to send `step` of `query` to `to`, as it went over the wire (JSON). */
const authorise = (from: string, body: { queryId: string; step: number; to: string }, at = new Date()) =>
  JSON.parse(JSON.stringify(signCoordinatorMessage(subjects.hopSend(from), body, coordinator.secretKey, at)));

/** Chunk 0 of 3 of step 1 (sterkhuis → ggd), signed by `signer`, as it goes over the wire. */
const pushed = (authorisation: HopSendRequest, change: Partial<PushedHopChunk> = {}, signer = sterkhuis.secretKey) =>
  JSON.parse(
    JSON.stringify(
      signPushedChunk(
        {
          queryId,
          step: 1,
          from: 'sterkhuis',
          to: 'ggd',
          index: 0,
          chunks: 3,
          chunk: framed.header,
          authorisation,
          ...change,
        },
        signer,
      ),
    ),
  ) as PushedHopChunk;

const keys = (org = 'sterkhuis', now?: number) => ({
  recipient: 'ggd',
  coordinatorPublicKey: coordinator.publicKey,
  senderPublicKey: { sterkhuis: sterkhuis.publicKey, gemeente: gemeente.publicKey }[org],
  freshnessMs: FRESH,
  now,
});

describe('a pushed hop chunk: taken only under the coordinator’s authorisation of exactly this hop, signed by its sender', () => {
  const authorisation = authorise('sterkhuis', { queryId, step: 1, to: 'ggd' });

  it('takes a chunk its sender signed under a fresh authorisation for this query, step, sender and recipient', () => {
    const chunk = pushed(authorisation);
    expect(validateMessage(PushedHopChunk, chunk)).toBeInstanceOf(PushedHopChunk);
    expect(pushedChunkProblem(chunk, keys())).toBeNull();
  });

  it('refuses a chunk without an authorisation, or with one the coordinator did not sign', () => {
    const { authorisation: _none, ...bare } = pushed(authorisation);
    expect(() => validateMessage(PushedHopChunk, bare)).toThrow(/authorisation/);
    const forged = JSON.parse(
      JSON.stringify(
        signCoordinatorMessage(
          subjects.hopSend('sterkhuis'),
          { queryId, step: 1, to: 'ggd' },
          generateSigningKeyPair().secretKey,
        ),
      ),
    );
    expect(pushedChunkProblem(pushed(forged), keys())).toMatch(
      /coordinator's authorisation for sterkhuis is refused: the coordinator's signature does not verify/,
    );
  });

  it('refuses an authorisation for another recipient, step or query, or for another sender', () => {
    const elsewhere = pushed(authorise('sterkhuis', { queryId, step: 1, to: 'schoolbestuur' }));
    expect(pushedChunkProblem(elsewhere, keys())).toMatch(/authorised sterkhuis to send step 1 .* to schoolbestuur/);
    expect(pushedChunkProblem(pushed(authorisation, { step: 2 }), keys())).toMatch(
      /authorised sterkhuis to send step 1 .*, not step 2/,
    );
    expect(pushedChunkProblem(pushed(authorisation, { queryId: otherQuery }), keys())).toMatch(
      new RegExp(`not step 1 of query ${otherQuery}`),
    );
    // gemeente reusing sterkhuis's authorisation: the coordinator signed it for sterkhuis's subject only.
    const reused = pushed(authorisation, { from: 'gemeente' }, gemeente.secretKey);
    expect(pushedChunkProblem(reused, keys('gemeente'))).toMatch(
      /authorisation for gemeente is refused: .*does not verify/,
    );
    // A chunk addressed to someone else, pushed here.
    expect(pushedChunkProblem(pushed(authorisation, { to: 'schoolbestuur' }), keys())).toMatch(
      /addressed to schoolbestuur, not to ggd/,
    );
  });

  it('refuses a stale authorisation, one dated in the future, and a chunk whose header or signature was changed', () => {
    const old = authorise('sterkhuis', { queryId, step: 1, to: 'ggd' }, new Date(Date.now() - FRESH - 1000));
    expect(pushedChunkProblem(pushed(old), keys())).toMatch(/stale message/);
    const later = authorise('sterkhuis', { queryId, step: 1, to: 'ggd' }, new Date(Date.now() + FRESH + 1000));
    expect(pushedChunkProblem(pushed(later), keys())).toMatch(/stale message/);
    const chunk = pushed(authorisation);
    for (const changed of [
      { ...chunk, index: 1 },
      { ...chunk, chunks: 4 },
      { ...chunk, chunk: { ...chunk.chunk, boxDigest: 'ab'.repeat(32) } },
      { ...chunk, chunk: { ...chunk.chunk, boxBytes: chunk.chunk.boxBytes + 1 } },
    ])
      expect(pushedChunkProblem(changed, keys())).toMatch(
        /sterkhuis's node signature on chunk \d of step 1 does not verify/,
      );
    expect(pushedChunkProblem(pushed(authorisation, {}, gemeente.secretKey), keys())).toMatch(/does not verify/);
    expect(pushedChunkProblem(chunk, { ...keys(), senderPublicKey: undefined })).toMatch(/not a partner/);
  });
});
