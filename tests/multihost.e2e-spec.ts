import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { appMain, provisionLocalCluster } from '../deploy/local/cluster';
import { AnalystClient, loadIdentity } from '../deploy/local/clients';
import { certificateSubject } from '../deploy/nats/production-authorization';
import { KEY_SHARES_DIR, PSEUDONYM_SECRETS_DIR } from '../apps/node/src/keys/node-keys';
import { DEMO_QUERY } from '../deploy/local/demo-query';
import { runQuery } from '../deploy/local/run-query';
import { COORDINATOR_PORT, machinesOf, MultiHostCluster, startMultiHostCluster } from './support/multihost-cluster';
import { createNetwork, fetchFrom, namespaceProblem, Network } from './support/netns';
import { cellsFromStores, expectReleaseMatches, Table } from './support/release-truth';
import { testClusterOptions } from './support/test-cluster';

const problem = namespaceProblem();
if (problem) console.warn(`multi-host test skipped: ${problem}`);

type Connection = { ip: string; name: string; authorized_user?: string; tls_version?: string };

(problem ? describe.skip : describe)(
  `multi-host: nats-server, the coordinator and four nodes each on a machine (network namespace) of its own, mutual TLS${problem ? ` (skipped: ${problem})` : ''}`,
  () => {
    const options = testClusterOptions('multihost');
    let network: Network | undefined;
    let cluster: MultiHostCluster;

    const address = (machine: string) => network!.machines[machine].address;
    const natsLog = () => readFileSync(join(cluster.logDir, 'nats-server.log'), 'utf8');

    beforeAll(async () => {
      const provisioned = await provisionLocalCluster(options);
      network = createNetwork(machinesOf(provisioned));
      cluster = await startMultiHostCluster(options.dir, provisioned, network);
    }, 600_000);

    afterAll(async () => {
      await cluster?.stop();
      network?.destroy();
    });

    it("runs the demo query through the stewards' approvals to a release equal to the plaintext of Sterk Huis's store", async () => {
      const analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
      const id = await runQuery(cluster, analyst, DEMO_QUERY, 'six machines, mutual TLS');
      const table = await analyst.release<Table & { decryptedBy: string[] }>(id);
      const sql =
        'SELECT wijk, age_band, COUNT(*) AS contributors, COUNT(*) AS value FROM youth_care_trajectories WHERE year = 2024 GROUP BY wijk, age_band';
      expectReleaseMatches(
        table,
        await cellsFromStores((org) => join(cluster.nodes[org].dataDir, 'records.sqlite'), ['sterkhuis'], sql),
      );
      // 3 of 4 decrypt: the partial decryptions came from at least three machines.
      expect(table.decryptedBy.length).toBeGreaterThanOrEqual(3);
    });

    it('every process reaches nats-server from its own address over TLS, known by its client certificate', async () => {
      const connz = await fetchFrom(network!, 'nats', 'http://127.0.0.1:8222/connz?auth=true');
      const connections: Connection[] = JSON.parse(connz.body!).connections;
      const seen = [...new Set(connections.map((c) => `${c.ip} ${c.authorized_user}`))].sort();
      const expected = ['coordinator', ...Object.keys(cluster.nodes)].map(
        (machine) =>
          `${address(machine)} ${certificateSubject(machine === 'coordinator' ? 'coordinator' : `node-${machine}`)}`,
      );
      expect(seen).toEqual(expected.sort());
      for (const connection of connections) expect(connection.tls_version).toMatch(/^1\.[23]$/);
    });

    it("no machine reaches another's loopback: the coordinator's port answers on its own 127.0.0.1 and its address, not on a node's 127.0.0.1", async () => {
      const coordinatorPort = `${COORDINATOR_PORT}/health`;
      expect(await fetchFrom(network!, 'coordinator', `http://127.0.0.1:${coordinatorPort}`)).toMatchObject({
        status: 200,
      });
      expect(
        await fetchFrom(network!, 'gemeente', `http://${address('coordinator')}:${coordinatorPort}`),
      ).toMatchObject({ status: 200 });
      expect(await fetchFrom(network!, 'gemeente', `http://127.0.0.1:${coordinatorPort}`)).toEqual({
        error: 'ECONNREFUSED',
      });
      // nats-server's monitoring port (server.conf: http 127.0.0.1:8222) likewise, and a node's port from the coordinator's machine.
      expect(await fetchFrom(network!, 'ggd', 'http://127.0.0.1:8222/healthz')).toEqual({ error: 'ECONNREFUSED' });
      expect(
        await fetchFrom(network!, 'coordinator', `http://127.0.0.1:${new URL(cluster.nodes.ggd.url).port}/health`),
      ).toEqual({ error: 'ECONNREFUSED' });
    });

    it('a node without its client certificate is refused by nats-server (a TLS refusal) and does not start', async () => {
      const fromGemeente = new RegExp(
        `${address('gemeente').replaceAll('.', '\\.')}:\\d+ - cid:\\d+ - TLS handshake error`,
        'g',
      );
      const handshakeErrors = () => natsLog().match(fromGemeente)?.length ?? 0;
      const before = handshakeErrors();
      const { BFA_NATS_CERT, BFA_NATS_KEY, ...withoutCertificate } = cluster.nodeEnv.gemeente;
      expect([BFA_NATS_CERT, BFA_NATS_KEY]).toEqual([
        expect.stringContaining('node-gemeente.pem'),
        expect.stringContaining('node-gemeente-key.pem'),
      ]);
      // Its sealed key share and pseudonym secret (files, so a copy is safe while the node runs), not its stores.
      const dataDir = join(options.dir, 'gemeente-without-certificate');
      for (const keys of [KEY_SHARES_DIR, PSEUDONYM_SECRETS_DIR])
        cpSync(join(cluster.nodes.gemeente.dataDir, keys), join(dataDir, keys), { recursive: true });
      const env = {
        ...process.env,
        NO_COLOR: '1',
        ...withoutCertificate,
        BFA_DATA_DIR: dataDir,
        BFA_HTTP_PORT: '8081',
      };
      const { command, args } = network!.on('gemeente', 'node', [appMain('node')]);
      const refused = await promisify(execFile)(command, args, { env, timeout: 120_000 }).then(
        () => ({ code: 0, output: '' }),
        (error: { code: number; stdout: string; stderr: string }) => ({
          code: error.code,
          output: error.stdout + error.stderr,
        }),
      );
      expect(refused.code).toBe(1);
      expect(refused.output).toContain(`node failed to start: NATS at ${cluster.natsUrl}: `);
      expect(handshakeErrors()).toBeGreaterThan(before);
    });
  },
);
