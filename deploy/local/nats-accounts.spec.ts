import { readFileSync } from 'node:fs';
import { subjects } from '@bfa/protocol';
import { AUTHORIZATION_FILE, certificateAuthorization } from '../nats/production-authorization';
import { PARTNERS } from './cluster';
import { federationAccounts, NatsAccount } from './nats-accounts';

/** nats-server's matching of a subject against a permission: `*` one token, `>` one or more at the end. */
function matches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}
const allowed = (patterns: string[], subject: string) => patterns.some((p) => matches(p, subject));

/** Every subject a node listens on, and where replies to it (and to its pushes) come back, as its peers see them. */
function subjectsOf(org: string): string[] {
  const perNode = Object.values(subjects).filter((s): s is (org: string) => string => typeof s === 'function');
  return [
    ...perNode.map((s) => s(org)),
    // nats.js' and Nest's inboxes under the node's prefix: a nuid (22 capitals and digits), then a token.
    `${subjects.nodeInbox(org)}.ABCDEFGHIJKL0123456789.17`,
    `${subjects.nodeInbox(org)}.ABCDEFGHIJKL0123456789`,
    `${subjects.pushReplies(org)}.0123456789abcdef01234567`,
  ];
}
const CONTROL = [
  subjects.decision,
  `${subjects.coordinatorInbox}.ABCDEFGHIJKL0123456789.17`,
  '$SYS.REQ.SERVER.PING',
  '_INBOX.x',
];

/**
 * What one partner's NATS credentials reach now that a node pushes its hops' chunks (protocol version 4): with its
 * node account, or as its leaf node in production. Only another node's `combination.chunk.pushed` is new; it hears
 * nothing of another node's, and answers only under another node's push-reply prefix, never in its inbox.
 */
describe("a partner's NATS account after partner-to-partner hops", () => {
  const accounts = federationAccounts(PARTNERS);
  const leafOf = (org: string): NatsAccount => {
    const line = certificateAuthorization(accounts)
      .split('\n')
      .find((l) => l.includes(`"CN=leaf-${org},`))!;
    const list = (key: string) => JSON.parse(new RegExp(`${key}: (\\[[^\\]]*\\])`).exec(line)![1]) as string[];
    return { ...accounts[org], publish: list('publish'), subscribe: list('subscribe'), allowResponses: false };
  };

  it.each(PARTNERS)(
    "%s's node hears only its own subjects and inbox, and publishes to another node only its pushed chunks",
    (org) => {
      const mine = accounts[org];
      for (const other of PARTNERS.filter((o) => o !== org)) {
        const theirs = subjectsOf(other);
        expect(theirs.filter((s) => allowed(mine.subscribe, s))).toEqual([]);
        expect(theirs.filter((s) => allowed(mine.publish, s))).toEqual([subjects.hopChunkPushed(other)]);
      }
      expect(CONTROL.filter((s) => allowed(mine.publish, s))).toEqual([subjects.decision]);
      expect(CONTROL.filter((s) => allowed(mine.subscribe, s))).toEqual([]);
    },
  );

  it.each(PARTNERS)(
    "%s's leaf node may also answer another node's pushes, under its push-reply prefix only, and hears nothing more",
    (org) => {
      const leaf = leafOf(org);
      expect(leaf.subscribe).toEqual(accounts[org].subscribe);
      for (const other of PARTNERS.filter((o) => o !== org)) {
        const theirs = subjectsOf(other);
        expect(theirs.filter((s) => allowed(leaf.subscribe, s))).toEqual([]);
        expect(theirs.filter((s) => allowed(leaf.publish, s))).toEqual([
          subjects.hopChunkPushed(other),
          `${subjects.pushReplies(other)}.0123456789abcdef01234567`,
        ]);
      }
    },
  );

  it('is what deploy/nats/production/authorization.conf holds (regenerated after the change)', () => {
    const withoutPasswords = (text: string) => text.replace(/password: "[^"]*", /g, '');
    expect(withoutPasswords(readFileSync(AUTHORIZATION_FILE, 'utf8'))).toBe(
      withoutPasswords(certificateAuthorization(federationAccounts(PARTNERS))),
    );
  });
});
