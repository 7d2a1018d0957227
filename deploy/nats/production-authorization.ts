// The protocol's DTO decorators read design-time metadata as soon as their modules load.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { subjects } from '@bfa/protocol';
import { PARTNERS } from '../local/cluster';
import { ALLOW_RESPONSES, federationAccounts, NatsAccount } from '../local/nats-accounts';

/** The subject of the client certificate deploy/certs/make-certs.sh issues to `user`, as nats-server's verify_and_map reads it. */
export const certificateSubject = (user: string) => `CN=${user},O=Brabant Federated Analytics`;

const list = (subjects: string[]) => `[${subjects.map((s) => JSON.stringify(s)).join(', ')}]`;

const userLine = (a: NatsAccount) =>
  `    { user: ${JSON.stringify(certificateSubject(a.user))}, permissions: { publish: ${list(a.publish)}, subscribe: ${list(a.subscribe)}${a.allowResponses ? `, ${ALLOW_RESPONSES}` : ''} } }`;

/**
 * The user a partner's leaf node connects as (`leaf-<org>`): its node's subjects, and, as nats-server 2.9 does not
 * carry allow_responses over a leaf connection, publishing on the coordinator's inbox, where its node's replies go,
 * and on the other nodes' push-reply subjects, where its node acknowledges the chunks they push to it.
 */
function leafAccount(node: NatsAccount, coordinatorInbox: string, others: string[]): NatsAccount {
  return {
    ...node,
    user: node.user.replace(/^node-/, 'leaf-'),
    publish: [...node.publish, `${coordinatorInbox}.>`, ...others.map((org) => `${subjects.pushReplies(org)}.>`)],
    allowResponses: false,
  };
}

/**
 * The production `authorization` block: the same users and permissions as the local cluster's (nats-accounts.ts),
 * but each known by its client certificate instead of a password, so nats-server admits only what our CA issued;
 * and for each organisation a leaf-node user.
 */
export function certificateAuthorization(accounts: Record<string, NatsAccount>): string {
  const { coordinator, ...nodes } = accounts;
  const orgs = Object.keys(nodes);
  const leaves = orgs.map((org) =>
    leafAccount(
      nodes[org],
      coordinator.inboxPrefix!,
      orgs.filter((other) => other !== org),
    ),
  );
  const header = [
    '# Generated from deploy/local/nats-accounts.ts by deploy/nats/production-authorization.ts: edit those, then run',
    '#   npx ts-node -r tsconfig-paths/register deploy/nats/production-authorization.ts',
    "# Each user is a client certificate's subject (tls { verify_and_map: true }) from deploy/certs/make-certs.sh. A",
    "# partner's leaf node connects with its leaf-<org> certificate and carries that user's permissions: its node's",
    "# subjects, and publishing on the coordinator's inbox and on the other nodes' push-reply subjects (allow_responses",
    '# does not cross a leaf connection).',
  ];
  return `${header.join('\n')}\nauthorization {\n  users = [\n${[coordinator, ...Object.values(nodes), ...leaves].map(userLine).join('\n')}\n  ]\n}\n`;
}

export const AUTHORIZATION_FILE = join(__dirname, 'production', 'authorization.conf');

if (require.main === module) writeFileSync(AUTHORIZATION_FILE, certificateAuthorization(federationAccounts(PARTNERS)));
