import { generateSigningKeyPair } from '@bfa/crypto';
import { coordinatorMessageProblem, signCoordinatorMessage } from './coordinator-message';

const key = generateSigningKeyPair();
const SUBJECT = 'node.ggd.query.execute';
const FRESH = 5 * 60_000;

describe('coordinator-signed messages', () => {
  const message = signCoordinatorMessage(
    SUBJECT,
    { envelope: { id: 'q', spec: { groupBy: ['wijk'] } } },
    key.secretKey,
  );

  it('verify for the subject they were signed for, with a new nonce each time', () => {
    expect(coordinatorMessageProblem(SUBJECT, JSON.parse(JSON.stringify(message)), key.publicKey, FRESH)).toBeNull();
    expect(signCoordinatorMessage(SUBJECT, {}, key.secretKey).nonce).not.toBe(message.nonce);
  });

  it('refuse another subject, an edited body or nonce, another signer, and a missing signature', () => {
    expect(coordinatorMessageProblem('node.sterkhuis.query.execute', message, key.publicKey, FRESH)).toMatch(
      /does not verify/,
    );
    expect(coordinatorMessageProblem(SUBJECT, { ...message, envelope: { id: 'other' } }, key.publicKey, FRESH)).toMatch(
      /does not verify/,
    );
    expect(coordinatorMessageProblem(SUBJECT, { ...message, nonce: 'ab'.repeat(16) }, key.publicKey, FRESH)).toMatch(
      /does not verify/,
    );
    expect(coordinatorMessageProblem(SUBJECT, message, generateSigningKeyPair().publicKey, FRESH)).toMatch(
      /does not verify/,
    );
    const { signature: _dropped, ...unsigned } = message;
    expect(coordinatorMessageProblem(SUBJECT, unsigned, key.publicKey, FRESH)).toMatch(/not signed/);
    expect(coordinatorMessageProblem(SUBJECT, null, key.publicKey, FRESH)).toMatch(/not signed/);
  });

  it('refuse a message sent too long ago or dated in the future', () => {
    const old = signCoordinatorMessage(SUBJECT, {}, key.secretKey, new Date(Date.now() - FRESH - 1000));
    const future = signCoordinatorMessage(SUBJECT, {}, key.secretKey, new Date(Date.now() + FRESH + 1000));
    expect(coordinatorMessageProblem(SUBJECT, old, key.publicKey, FRESH)).toMatch(/stale/);
    expect(coordinatorMessageProblem(SUBJECT, future, key.publicKey, FRESH)).toMatch(/stale/);
  });

  it('sign a hop chunk (megabytes) through its digest, and refuse it with one character changed deep inside', () => {
    const box = 'A'.repeat(5_000_000);
    const chunk = signCoordinatorMessage(SUBJECT, { chunk: { box } }, key.secretKey);
    expect(coordinatorMessageProblem(SUBJECT, chunk, key.publicKey, FRESH)).toBeNull();
    const edited = `${box.slice(0, 2_500_000)}B${box.slice(2_500_001)}`;
    expect(coordinatorMessageProblem(SUBJECT, { ...chunk, chunk: { box: edited } }, key.publicKey, FRESH)).toMatch(
      /does not verify/,
    );
  });
});
