import { ProposalMessage, SignedDecisionDto } from './messages.dto';
import { InvalidMessageError, validateMessage } from './validate-message';

describe('validateMessage', () => {
  it.each([null, 'text', 42, [1, 2]])('refuses a payload that is not an object: %p', (payload) => {
    expect(() => validateMessage(ProposalMessage, payload)).toThrow(InvalidMessageError);
  });

  it('names every problem with its path', () => {
    try {
      validateMessage(SignedDecisionDto, { statement: { queryId: 'nope', decision: 'maybe' }, signature: '!!' });
      throw new Error('accepted');
    } catch (error) {
      const problems = (error as InvalidMessageError).problems.join('\n');
      expect(problems).toMatch(/statement\.queryId/);
      expect(problems).toMatch(/statement\.decision/);
      expect(problems).toMatch(/statement\.queryHash/);
      expect(problems).toMatch(/signature/);
    }
  });

  it('refuses properties outside the message type', () => {
    const statement = {
      queryId: '00000000-0000-4000-8000-000000000000',
      queryHash: 'a'.repeat(64),
      org: 'ggd',
      decision: 'approve',
      reason: '',
      decidedAt: '2026-11-25T10:00:00.000Z',
    };
    expect(validateMessage(SignedDecisionDto, { statement, signature: 'AAAA' }).statement.org).toBe('ggd');
    expect(() => validateMessage(SignedDecisionDto, { statement, signature: 'AAAA', extra: 1 })).toThrow(
      /extra should not exist/,
    );
  });
});
