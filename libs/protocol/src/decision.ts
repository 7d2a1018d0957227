import { canonicalJson } from '@bfa/crypto';
import { signMessage, verifySignature } from '@bfa/crypto';

export const DECISIONS = ['approve', 'reject'] as const;
export type Decision = (typeof DECISIONS)[number];

/** What a steward signs: a decision on one exact query (by hash), at one time. */
export interface DecisionStatement {
  queryId: string;
  queryHash: string;
  org: string;
  decision: Decision;
  reason: string;
  decidedAt: string;
}

export interface SignedDecision {
  statement: DecisionStatement;
  signature: string;
}

const DOMAIN = 'bfa/steward-decision/v1\n';

export function decisionMessage(statement: DecisionStatement): string {
  return DOMAIN + canonicalJson(statement);
}

export function signDecision(statement: DecisionStatement, stewardSecretKey: string): SignedDecision {
  return { statement, signature: signMessage(decisionMessage(statement), stewardSecretKey) };
}

export function verifyDecision(signed: SignedDecision, stewardPublicKey: string): boolean {
  return verifySignature(decisionMessage(signed.statement), signed.signature, stewardPublicKey);
}
