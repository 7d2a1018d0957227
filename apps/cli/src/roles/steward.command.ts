import { Command } from 'commander';
import { StewardClient } from '../role-clients';
import { ConnectionOptions, keyPassphrase, print, printText, withConnection } from '../cli-io';
import { readableReview, ReviewedProposal } from '../format/query-review';

type Proposal = {
  queryId: string;
  queryHash: string;
  state: string;
  envelope?: { requester: string; spec: { dataset: string; purpose: string; groupBy: string[] } };
  policyEvaluation?: { allowed: boolean; rule: string };
};

const client = (options: ConnectionOptions) => new StewardClient(options.url, options.key, keyPassphrase());

export function stewardCommand(): Command {
  const steward = new Command('steward').description(
    "a data steward's work on their own node's inbox (--url: your node)",
  );
  withConnection(
    steward
      .command('list')
      .description('queries in your inbox')
      .option('--state <state>', 'pending, approved, rejected or executed', 'pending'),
    'node',
  ).action(async (options: ConnectionOptions & { state: string }) => {
    const inbox = await client(options).inbox<Proposal>(options.state);
    print(
      inbox,
      options.json,
      inbox.map((p) => ({
        id: p.queryId,
        dataset: p.envelope?.spec.dataset,
        requester: p.envelope?.requester,
        policy: p.policyEvaluation?.allowed ? 'allows' : `refuses: ${p.policyEvaluation?.rule}`,
        state: p.state,
      })),
    );
  });
  withConnection(
    steward
      .command('show <id>')
      .description(
        "the review of one query in the catalog's words: purpose, requester, policy evaluation, earlier releases",
      ),
    'node',
  ).action(async (id: string, options: ConnectionOptions) => {
    const proposal = await client(options).proposal<ReviewedProposal>(id);
    printText(proposal, options.json, () => readableReview(proposal));
  });
  withConnection(steward.command('approve <id>').description('sign an approval of exactly this query'), 'node').action(
    async (id: string, options: ConnectionOptions) => {
      await client(options).decide(id, 'approve');
      print({ id, decision: 'approve' }, options.json, [{ id, decision: 'approved (signed)' }]);
    },
  );
  withConnection(
    steward
      .command('reject <id>')
      .description('sign a rejection; the reason is required')
      .requiredOption('--reason <text>', 'why (the analyst and the ethics board see it)'),
    'node',
  ).action(async (id: string, options: ConnectionOptions & { reason: string }) => {
    if (options.reason.trim().length < 5) throw new Error('a rejection needs a reason of at least 5 characters');
    await client(options).decide(id, 'reject', options.reason);
    print({ id, decision: 'reject', reason: options.reason }, options.json, [
      { id, decision: 'rejected (signed)', reason: options.reason },
    ]);
  });
  return steward;
}
