// The protocol's DTO decorators read design-time metadata as soon as their modules load.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PARTNERS } from '../local/cluster';
import { federationAccounts, NatsAccount } from '../local/nats-accounts';

/** The subject of the client certificate deploy/certs/make-certs.sh issues to `user`, as nats-server's verify_and_map reads it. */
export const certificateSubject = (user: string) => `CN=${user},O=Brabant Federated Analytics`;

const list = (subjects: string[]) => `[${subjects.map((s) => JSON.stringify(s)).join(', ')}]`;

/**
 * The production `authorization` block: the same users and permissions as the local cluster's (nats-accounts.ts),
 * but each known by its client certificate instead of a password, so nats-server admits only what our CA issued.
 */
export function certificateAuthorization(accounts: NatsAccount[]): string {
  const users = accounts.map(
    (a) =>
      `    { user: ${JSON.stringify(certificateSubject(a.user))}, permissions: { publish: ${list(a.publish)}, subscribe: ${list(a.subscribe)}${a.allowResponses ? ', allow_responses: true' : ''} } }`,
  );
  const header = [
    '# Generated from deploy/local/nats-accounts.ts by deploy/nats/production-authorization.ts: edit those, then run',
    '#   npx ts-node -r tsconfig-paths/register deploy/nats/production-authorization.ts',
    "# Each user is a client certificate's subject (tls { verify_and_map: true }); a partner's leaf node authenticates",
    '# with its organisation\'s certificate and gets that organisation\'s permissions.',
  ];
  return `${header.join('\n')}\nauthorization {\n  users = [\n${users.join('\n')}\n  ]\n}\n`;
}

export const AUTHORIZATION_FILE = join(__dirname, 'production', 'authorization.conf');

if (require.main === module) writeFileSync(AUTHORIZATION_FILE, certificateAuthorization(Object.values(federationAccounts(PARTNERS))));
