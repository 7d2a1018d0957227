import { readFileSync } from 'node:fs';
import { connect as connectTcp } from 'node:net';
import { join } from 'node:path';
import { combineThresholdPartials, generateBoxKeyPair, openSealed, SealedBox } from '@bfa/crypto';
import { PartialDecryption, Registry, subjects } from '@bfa/protocol';
import { AnalystClient, loadIdentity, StewardClient } from '../deploy/local/clients';
import { LocalCluster } from '../deploy/local/cluster';
import { RawNats } from './support/raw-nats';
import { startTestCluster } from './support/test-cluster';
import { DEMO_GROUNDS } from '../deploy/local/grounds';

const signalsByWijk = {
  ...DEMO_GROUNDS,
  dataset: 'risk_signals',
  measure: { kind: 'count' as const },
  groupBy: ['wijk', 'age_band'],
  filters: [{ field: 'year', op: 'eq' as const, value: 2024 }],
  purpose: 'Smart Start end-to-end test: aggregate per wijk and age band, overheard on NATS',
};

const isPartial = (value: any): value is PartialDecryption =>
  typeof value?.org === 'string' && Array.isArray(value?.contributors);

/** What nats-server answers a client that does not start TLS: its INFO line, then whatever follows a plain CONNECT and PING, until it hangs up. */
function plainConversation(url: string, user: string, pass: string): Promise<{ info: any; after: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connectTcp(Number(port), hostname);
    let received = '';
    let info: any;
    const timer = setTimeout(() => socket.destroy(), 5_000);
    socket.on('data', (data) => {
      received += data.toString('latin1');
      if (info === undefined && received.includes('\r\n')) {
        info = JSON.parse(received.slice(received.indexOf('{'), received.indexOf('\r\n')));
        received = received.slice(received.indexOf('\r\n') + 2);
        socket.write(
          `CONNECT ${JSON.stringify({ user, pass, verbose: false, pedantic: false, tls_required: false, name: 'plain' })}\r\nPING\r\n`,
        );
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      if (info === undefined) reject(new Error('no INFO from nats-server'));
      else resolve({ info, after: received });
    });
  });
}

describe("whoever holds the coordinator's NATS account but not its keys, on real nats-server, processes and sqlite files", () => {
  let cluster: LocalCluster;
  let registry: Registry;
  let sniffer: RawNats;
  /** The `_INBOX.>` subscription's refusal, or undefined when the server let the sniffer hear every reply. */
  let refusal: string | undefined;
  /** Every reply the sniffer overheard while a query was decrypted and released. */
  let overheard: any[];

  beforeAll(async () => {
    cluster = await startTestCluster('nats-sniffing');
    registry = JSON.parse(readFileSync(join(cluster.dir, 'registry.json'), 'utf8'));
    sniffer = await RawNats.connect(cluster.natsUrl, cluster.natsAccounts.coordinator);
    refusal = await sniffer.subscriptionRefusal('_INBOX.>');
    // Refused there, it listens where the account may: the coordinator's own inbox.
    overheard = sniffer.spyPackets(
      refusal ? `${subjects.coordinatorInbox}.>` : '_INBOX.>',
      (packet) => packet.response,
    );
    const analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
    const submitted = await analyst.submit(signalsByWijk);
    for (const org of submitted.approvers)
      await new StewardClient(cluster.nodes[org].url, cluster.nodes[org].stewardKeyFile).decide(
        submitted.id,
        'approve',
      );
    expect(await analyst.waitForState(submitted.id, ['released', 'failed'])).toMatchObject({ state: 'released' });
  }, 300_000);

  afterAll(async () => {
    await sniffer?.close();
    await cluster?.stop();
  });

  it('overhears no partial decryptions it could combine into the unprotected table', () => {
    const values = overheard.filter((reply) => reply?.ok).map((reply) => reply.value);
    const inClear = values.filter(isPartial);
    // The attack: t partials in the clear give every cell, small ones included.
    const combine = () =>
      combineThresholdPartials(
        registry.paillier,
        inClear.map((p) => ({ holder: p.org, keyId: p.keyId, values: p.contributors })),
      );
    expect(combine).toThrow(/0 partial decryptions; at least 3 needed/);
    expect(values.filter((value) => value?.proofs !== undefined || value?.values !== undefined)).toEqual([]);
  });

  it('hears the key holders only as boxes sealed to the coordinator, which no other key opens', () => {
    const sealed = overheard
      .filter((reply) => reply?.ok && reply.value?.sealed)
      .map((reply) => reply.value.sealed as SealedBox);
    expect(sealed.length).toBe(Object.keys(cluster.nodes).length);
    const identity = JSON.parse(readFileSync(cluster.coordinatorIdentityFile, 'utf8'));
    for (const box of sealed) {
      expect(box.recipientPublicKey).toBe(registry.coordinator!.boxPublicKey);
      expect(() => openSealed(box, generateBoxKeyPair().secretKey)).toThrow(/does not open/);
      // Played by the coordinator, the box holds one key holder's partials for this query.
      expect(JSON.parse(openSealed(box, identity.boxSecretKey)).content).toEqual(
        expect.objectContaining({ contributors: expect.any(Array), proofs: expect.any(Object) }),
      );
    }
  });

  it("may not subscribe to every reply (`_INBOX.>`), and no other account may hear the coordinator's inbox", async () => {
    expect(refusal).toMatch(/permissions violation/i);
    for (const org of Object.keys(cluster.nodes)) {
      const node = await RawNats.connect(cluster.natsUrl, cluster.natsAccounts[org]);
      try {
        expect(await node.subscriptionRefusal(`${subjects.coordinatorInbox}.>`)).toMatch(/permissions violation/i);
        expect(await node.subscriptionRefusal('_INBOX.>')).toMatch(/permissions violation/i);
      } finally {
        await node.close();
      }
    }
  });

  it("a partner's node answering the coordinator first, with bytes that are not JSON or a refusal without an id, neither stops the coordinator nor stands for the node's answer", async () => {
    // Each partner's own NATS account, beside its real node: allow_responses lets each connection answer once.
    const orgs = Object.keys(cluster.nodes);
    const forgers = await Promise.all(orgs.map((org) => RawNats.connect(cluster.natsUrl, cluster.natsAccounts[org])));
    try {
      const forged = orgs.map((org, i) =>
        forgers[i].serveRaw(
          subjects.proposal(org),
          i % 2 === 0
            ? 'not JSON: Nest threw in a callback nobody awaits'
            : JSON.stringify({ response: { ok: false, reason: `forged refusal in ${org}'s name` }, isDisposed: true }),
        ),
      );
      const analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
      const submitted = await analyst.submit({ ...signalsByWijk, purpose: `${signalsByWijk.purpose}, answered first` });
      for (const org of submitted.approvers)
        await new StewardClient(cluster.nodes[org].url, cluster.nodes[org].stewardKeyFile).decide(
          submitted.id,
          'approve',
        );
      expect(await analyst.waitForState(submitted.id, ['released', 'refused', 'failed'], 240_000)).toMatchObject({
        state: 'released',
      });
      // Both kinds of forgery were made, each to a proposal the coordinator was waiting on.
      const answered = orgs.filter((_, i) => forged[i].answered > 0 && submitted.approvers.includes(orgs[i]));
      expect(answered.some((org) => orgs.indexOf(org) % 2 === 0)).toBe(true);
      expect(answered.some((org) => orgs.indexOf(org) % 2 === 1)).toBe(true);
    } finally {
      await Promise.all(forgers.map((forger) => forger.close()));
    }
  }, 300_000);

  it('nats-server speaks only TLS: a client that starts in the clear is cut off before it can log in', async () => {
    const { user, password } = cluster.natsAccounts.coordinator;
    const { info, after } = await plainConversation(cluster.natsUrl, user, password);
    expect(info.tls_required).toBe(true);
    expect(after).not.toContain('PONG');
  });
});
