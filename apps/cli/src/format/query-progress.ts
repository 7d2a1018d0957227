/** What `GET /queries/:id` says of a query's way to its release, as far as progress needs it. */
export interface QueryStatus {
  state: string;
  reason: string | null;
  envelope?: { dataHolders: string[]; keyHolders: string[]; spec?: { combination?: unknown } };
  decisions: { org: string; decision: string; reason?: string }[];
  /** The coordinator's counts while a query executes: counts only, never what any partner sent. */
  progress?: { step: 'execution' | 'hops' | 'decryption'; done: number; of: number } | null;
}

export const FINAL_STATES = ['released', 'rejected', 'refused', 'failed', 'removed'];

/** The partners whose steward must approve: every data holder and key holder. */
const approversOf = (status: QueryStatus) =>
  [...new Set([...(status.envelope?.dataHolders ?? []), ...(status.envelope?.keyHolders ?? [])])].sort();

const STEP_WORDS = {
  execution: 'the partners are sending their encrypted contributions',
  hops: 'the partners are adding their factors',
  decryption: 'the key holders are decrypting',
};

/** The step the coordinator reports with its count ("the key holders are decrypting: 2 of 4"); before it reports one, the plan in words. */
function executing(status: QueryStatus): { words: string; done?: number; total?: number } {
  const progress = status.progress;
  if (progress)
    return {
      words: `${STEP_WORDS[progress.step]}: ${progress.done} of ${progress.of}`,
      done: progress.done,
      total: progress.of,
    };
  return {
    words: status.envelope?.spec?.combination
      ? 'all partners approved; the partners are adding their factors, then the key holders decrypt'
      : 'all partners approved; the data holders are counting, then the key holders decrypt',
  };
}

/** Where a query is, in a steward's words, with a count where there is one ("3 of 4 partners have approved"). */
export function queryProgress(status: QueryStatus): { words: string; done?: number; total?: number } {
  const approvers = approversOf(status);
  const approved = status.decisions.filter((d) => d.decision === 'approve').map((d) => d.org);
  switch (status.state) {
    case 'proposed': {
      const waiting = approvers.filter((org) => !approved.includes(org));
      return {
        words: `${approved.length} of ${approvers.length} partners have approved${waiting.length ? ` (waiting for ${waiting.join(', ')})` : ''}`,
        done: approved.length,
        total: approvers.length,
      };
    }
    case 'executing':
      return executing(status);
    case 'released':
      return { words: 'released', done: 1, total: 1 };
    case 'removed':
      return { words: status.reason ?? 'release removed after its retention' };
    case 'rejected': {
      const rejection = status.decisions.find((d) => d.decision === 'reject');
      return {
        words: rejection
          ? `rejected by the steward of ${rejection.org}: ${rejection.reason}`
          : `rejected: ${status.reason}`,
      };
    }
    default:
      return { words: `${status.state}${status.reason ? `: ${status.reason}` : ''}` };
  }
}
