import { randomBytes } from 'node:crypto';
import { subjects } from '@bfa/protocol';

/** One NATS account and the subjects it may use: each process gets exactly what its job needs. */
export interface NatsAccount {
  user: string;
  password: string;
  publish: string[];
  subscribe: string[];
  /** May answer requests sent to it (publish to their reply inbox), and nothing else on _INBOX. */
  allowResponses: boolean;
  /** The only inbox this account may hear replies on; its connections must ask with it (nats.js `inboxPrefix`). */
  inboxPrefix?: string;
}

const account = (
  user: string,
  publish: string[],
  subscribe: string[],
  allowResponses: boolean,
  inboxPrefix?: string,
): NatsAccount => ({
  user,
  password: randomBytes(18).toString('base64url'),
  publish,
  subscribe,
  allowResponses,
  ...(inboxPrefix ? { inboxPrefix } : {}),
});

/**
 * The coordinator may send requests to any node and hear decisions and the replies to its own requests (its
 * inbox prefix, not `_INBOX.>`); a node may only hear requests on its own subjects, answer them, and send its
 * steward's decisions, hearing the acknowledgement on its own inbox prefix, and push its hops' chunks to another node's
 * `combination.chunk.pushed`. So one partner's node can't listen to another's requests, nor pose as the coordinator
 * on NATS, and no account hears the replies to another's requests.
 */
export function federationAccounts(orgs: string[]): Record<string, NatsAccount> {
  const publish = [
    'node.*.query.proposed',
    'node.*.query.execute',
    'node.*.decryption.partial',
    'node.*.decryption.contributions',
    'node.*.combination.>',
    'node.*.audit.head',
    'node.*.heartbeat',
  ];
  const accounts: Record<string, NatsAccount> = {
    // allow_responses: it acknowledges each decision on the sending node's inbox, and may publish there nothing else.
    coordinator: account(
      'coordinator',
      publish,
      ['coordinator.>', `${subjects.coordinatorInbox}.>`],
      true,
      subjects.coordinatorInbox,
    ),
  };
  for (const org of orgs)
    accounts[org] = account(
      `node-${org}`,
      // Its hops' chunks, pushed to the next partner (protocol version 4); the acknowledgements come back on its inbox.
      [subjects.decision, subjects.hopChunkPushed('*')],
      [`node.${org}.>`, `${subjects.nodeInbox(org)}.>`],
      true,
      subjects.nodeInbox(org),
    );
  return accounts;
}

/**
 * How long a node may take to answer one request. nats-server reads `allow_responses: true` as one reply within
 * 2 minutes: a combination step that took longer (a year's children on a loaded machine, its randomizer pool
 * short) was refused as a Publish Violation and the coordinator waited for its 1 h step timeout. Longer than
 * BFA_COMBINATION_STEP_TIMEOUT_MS' default (1 h).
 */
export const ALLOW_RESPONSES = 'allow_responses: { max: 1, expires: "70m" }';

const list = (subjects: string[]) => `[${subjects.map((s) => JSON.stringify(s)).join(', ')}]`;

/** The `authorization` block of nats-server's configuration for these accounts. */
export function authorizationConfig(accounts: NatsAccount[]): string {
  const users = accounts.map(
    (a) =>
      `    { user: ${JSON.stringify(a.user)}, password: ${JSON.stringify(a.password)}, permissions: { publish: ${list(a.publish)}, subscribe: ${list(a.subscribe)}${a.allowResponses ? `, ${ALLOW_RESPONSES}` : ''} } }`,
  );
  return `authorization {\n  users = [\n${users.join('\n')}\n  ]\n}\n`;
}
