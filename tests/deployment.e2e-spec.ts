import 'reflect-metadata';
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { connect, ConnectionOptions, NatsConnection, RequestOptions, StringCodec } from 'nats';
import { subjects } from '@bfa/protocol';
import { parse } from 'yaml';
import { freePort } from '../deploy/local/free-port';
import { ensureNatsServer } from '../deploy/local/nats';
import { federationAccounts } from '../deploy/local/nats-accounts';
import { PARTNERS } from '../deploy/local/cluster';
import { ManagedProcess, startProcess } from '../deploy/local/processes';
import { provisionCluster } from '../deploy/local/provision';
import { AUTHORIZATION_FILE, certificateAuthorization } from '../deploy/nats/production-authorization';

const ROOT = resolve(__dirname, '..');
const SHIPPED = join(ROOT, 'deploy', 'nats', 'production');
const COORDINATOR = join(ROOT, 'dist', 'apps', 'coordinator', 'apps', 'coordinator', 'src', 'main.js');
const CONFIGS = readdirSync(SHIPPED).filter((file) => file.endsWith('.conf') && file !== 'authorization.conf');
const codec = StringCodec();
const run = promisify(execFile);

/** What /etc/bfa/nats/ holds on one machine: the CA, this machine's certificate and key, and the shipped configurations pointing there. */
function installed(etc: string, certs: string, client: string, replacements: Record<string, string> = {}): void {
  mkdirSync(etc, { recursive: true });
  cpSync(join(certs, 'ca.pem'), join(etc, 'ca.pem'));
  cpSync(join(certs, 'servers', 'localhost.pem'), join(etc, 'server.pem'));
  cpSync(join(certs, 'servers', 'localhost-key.pem'), join(etc, 'server-key.pem'));
  cpSync(join(certs, 'clients', `${client}.pem`), join(etc, 'client.pem'));
  cpSync(join(certs, 'clients', `${client}-key.pem`), join(etc, 'client-key.pem'));
  for (const file of [...CONFIGS, 'authorization.conf']) {
    let text = readFileSync(join(SHIPPED, file), 'utf8').replaceAll('/etc/bfa/nats/', `${etc}/`);
    for (const [from, to] of Object.entries(replacements)) text = text.replaceAll(from, to);
    writeFileSync(join(etc, file), text);
  }
}

function clientTls(certs: string, name?: string): ConnectionOptions['tls'] {
  const ca = { caFile: join(certs, 'ca.pem') };
  return name
    ? { ...ca, certFile: join(certs, 'clients', `${name}.pem`), keyFile: join(certs, 'clients', `${name}-key.pem`) }
    : ca;
}

/** Answers every request on `subject` with `answer`, as a node's handler would. */
function serve(connection: NatsConnection, subject: string, answer: string): void {
  const subscription = connection.subscribe(subject);
  (async () => {
    for await (const message of subscription) message.respond(codec.encode(answer));
  })().catch(() => undefined);
}

/** Subscriptions cross a leaf connection a moment after they are made: ask until answered. */
async function requestUntilAnswered(
  connection: NatsConnection,
  subject: string,
  deadlineMs = 15_000,
  options: Partial<RequestOptions> = {},
): Promise<string> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    try {
      return codec.decode((await connection.request(subject, codec.encode('{}'), { timeout: 1_000, ...options })).data);
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

async function refusal(connection: NatsConnection, subject: string): Promise<string | undefined> {
  const subscription = connection.subscribe(subject);
  const ended = (async () => {
    for await (const message of subscription) void message;
  })().then(
    () => undefined,
    (error: Error) => error.message,
  );
  await connection.flush();
  return Promise.race([ended, new Promise<undefined>((done) => setTimeout(() => done(undefined), 2_000))]);
}

describe('deployment for separate machines: certificates, nats-server configurations, systemd units, containers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bfa-deploy-'));
  const certs = join(dir, 'certs');
  const started: ManagedProcess[] = [];
  const connections: NatsConnection[] = [];
  const coordinatorAccount = federationAccounts(PARTNERS).coordinator;
  let hubUrl: string;

  beforeAll(async () => {
    ensureNatsServer();
    await run(join(ROOT, 'deploy', 'certs', 'make-certs.sh'), [certs], {
      env: { ...process.env, NATS_SERVERS: 'localhost/127.0.0.1', DAYS: '2' },
    });
  });

  afterAll(async () => {
    await Promise.all(connections.map((c) => c.close()));
    await Promise.all(started.reverse().map((p) => p.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('make-certs.sh issues a CA, a server certificate and a client certificate per organisation, keys owner-only', async () => {
    expect(readdirSync(join(certs, 'clients')).sort()).toEqual(
      ['coordinator', ...PARTNERS.flatMap((org) => [`node-${org}`, `leaf-${org}`])]
        .flatMap((name) => [`${name}-key.pem`, `${name}.pem`])
        .sort(),
    );
    const subject = await run('openssl', [
      'x509',
      '-in',
      join(certs, 'clients', 'node-ggd.pem'),
      '-noout',
      '-subject',
      '-nameopt',
      'RFC2253',
    ]);
    expect(subject.stdout.trim()).toBe('subject=CN=node-ggd,O=Brabant Federated Analytics');
    await expect(
      run('openssl', [
        'verify',
        '-CAfile',
        join(certs, 'ca.pem'),
        join(certs, 'servers', 'localhost.pem'),
        join(certs, 'clients', 'coordinator.pem'),
      ]),
    ).resolves.toBeDefined();
    for (const key of ['ca-key.pem', 'clients/node-ggd-key.pem', 'servers/localhost-key.pem'])
      expect(
        spawnSync('stat', ['-c', '%a', join(certs, key)])
          .stdout.toString()
          .trim(),
      ).toBe('600');
  });

  it('ships the authorization the local cluster uses, each user known by its certificate (regenerate: deploy/nats/production-authorization.ts)', () => {
    expect(readFileSync(AUTHORIZATION_FILE, 'utf8')).toBe(certificateAuthorization(federationAccounts(PARTNERS)));
  });

  it.each(CONFIGS)('nats-server -t accepts %s with certificates installed', async (file) => {
    const etc = join(dir, `etc-${file}`);
    installed(etc, certs, 'node-ggd');
    const { stderr } = await run('nats-server', ['-t', '-c', join(etc, file)]);
    expect(stderr).toContain('is valid');
  });

  it('nats-server -t refuses a configuration whose certificate is missing (so the check above can fail)', async () => {
    const etc = join(dir, 'etc-missing');
    installed(etc, certs, 'node-ggd');
    rmSync(join(etc, 'server.pem'));
    await expect(run('nats-server', ['-t', '-c', join(etc, 'server.conf')])).rejects.toThrow(/server\.pem/);
  });

  it("a cluster server admits only certificates of the federation's CA, with their organisation's permissions, and a partner's leaf node carries that organisation's subjects only (and acknowledges chunks pushed to it)", async () => {
    const ports = { 4222: await freePort(), 6222: await freePort(), 7422: await freePort(), 8222: await freePort() };
    const hub = join(dir, 'etc-hub');
    installed(hub, certs, 'coordinator', {
      ':4222': `:${ports[4222]}`,
      ':6222': `:${ports[6222]}`,
      ':7422': `:${ports[7422]}`,
      ':8222': `:${ports[8222]}`,
      '0.0.0.0': '127.0.0.1',
    });
    // The other two servers are not started: nats-1 keeps trying its routes and serves meanwhile.
    started.push(
      await startProcess({
        name: 'nats-1',
        command: 'nats-server',
        args: ['-c', join(hub, 'cluster-nats-1.conf')],
        logFile: join(dir, 'nats-1.log'),
        ready: { logLine: /Server is ready/ },
      }),
    );
    hubUrl = `tls://127.0.0.1:${ports[4222]}`;

    await expect(connect({ servers: hubUrl, tls: clientTls(certs), reconnect: false })).rejects.toThrow();
    const strangers = join(dir, 'strangers');
    await run(join(ROOT, 'deploy', 'certs', 'make-certs.sh'), [strangers], {
      env: { ...process.env, NATS_SERVERS: 'localhost/127.0.0.1', DAYS: '2' },
    });
    await expect(
      connect({
        servers: hubUrl,
        tls: { ...clientTls(strangers, 'node-ggd'), caFile: join(certs, 'ca.pem') },
        reconnect: false,
      }),
    ).rejects.toThrow();

    const coordinator = await connect({
      servers: hubUrl,
      tls: clientTls(certs, 'coordinator'),
      inboxPrefix: coordinatorAccount.inboxPrefix,
    });
    const gemeente = await connect({ servers: hubUrl, tls: clientTls(certs, 'node-gemeente') });
    connections.push(coordinator, gemeente);
    expect(await refusal(gemeente, 'node.ggd.>')).toMatch(/permissions violation/i);
    serve(gemeente, 'node.gemeente.query.execute', 'gemeente answers');
    expect(await requestUntilAnswered(coordinator, 'node.gemeente.query.execute')).toBe('gemeente answers');

    const leafPorts = { 4222: await freePort(), 8222: await freePort() };
    const leaf = join(dir, 'etc-leaf');
    installed(leaf, certs, 'leaf-ggd', {
      '127.0.0.1:4222': `127.0.0.1:${leafPorts[4222]}`,
      '127.0.0.1:8222': `127.0.0.1:${leafPorts[8222]}`,
      'nats-1.bfa.example:7422': `127.0.0.1:${ports[7422]}`,
      'nats-2.bfa.example:7422': `127.0.0.1:${ports[7422]}`,
      'nats-3.bfa.example:7422': `127.0.0.1:${ports[7422]}`,
    });
    started.push(
      await startProcess({
        name: 'leaf-ggd',
        command: 'nats-server',
        args: ['-c', join(leaf, 'leaf-partner.conf')],
        logFile: join(dir, 'leaf-ggd.log'),
        ready: { logLine: /Server is ready/ },
      }),
    );
    const ggdNode = await connect({ servers: `nats://127.0.0.1:${leafPorts[4222]}` });
    connections.push(ggdNode);
    serve(ggdNode, 'node.ggd.query.execute', 'ggd answers through its leaf node');
    const overheard: string[] = [];
    const spy = ggdNode.subscribe('node.gemeente.>');
    (async () => {
      for await (const message of spy) overheard.push(codec.decode(message.data));
    })().catch(() => undefined);
    expect(await requestUntilAnswered(coordinator, 'node.ggd.query.execute')).toBe('ggd answers through its leaf node');
    expect(await requestUntilAnswered(coordinator, 'node.gemeente.query.execute')).toBe('gemeente answers');
    await new Promise((done) => setTimeout(done, 500));
    expect(overheard).toEqual([]);

    // A node pushes its hop's chunks to the next partner (protocol version 4), here through that partner's leaf node:
    // the acknowledgement comes back on the sender's push-reply subject, the only part of its inbox a leaf may publish to.
    serve(ggdNode, 'node.ggd.combination.chunk.pushed', 'ggd took the chunk');
    const pushReply = (name: string) => ({ noMux: true, reply: `${subjects.pushReplies('gemeente')}.${name}` });
    expect(await requestUntilAnswered(gemeente, 'node.ggd.combination.chunk.pushed', 15_000, pushReply('a'))).toBe(
      'ggd took the chunk',
    );
    const elsewhere = { noMux: true, reply: `${subjects.nodeInbox('gemeente')}.not-a-push` };
    await expect(
      requestUntilAnswered(gemeente, 'node.ggd.combination.chunk.pushed', 3_000, elsewhere),
    ).rejects.toThrow();
    // Nothing else of another node's subjects: not the coordinator's chunk deliveries.
    serve(ggdNode, 'node.ggd.combination.chunk.deliver', 'ggd takes a delivery');
    expect(await requestUntilAnswered(coordinator, 'node.ggd.combination.chunk.deliver')).toBe('ggd takes a delivery');
    await expect(
      requestUntilAnswered(gemeente, 'node.ggd.combination.chunk.deliver', 3_000, pushReply('b')),
    ).rejects.toThrow();
  });

  it('the coordinator reaches that server with its certificate (BFA_NATS_CERT, BFA_NATS_KEY), and is not let in without', async () => {
    const federation = await provisionCluster(join(dir, 'federation'), PARTNERS, 512, 3);
    const port = await freePort();
    const env = {
      BFA_HTTP_PORT: String(port),
      BFA_NATS_URL: hubUrl,
      BFA_NATS_CA: join(certs, 'ca.pem'),
      BFA_DATA_DIR: join(dir, 'federation', 'coordinator'),
      BFA_POLICIES_DIR: join(ROOT, 'policies'),
      BFA_REGISTRY: federation.registryFile,
      BFA_IDENTITY_FILE: federation.coordinatorIdentityFile,
    };
    const certificate = {
      BFA_NATS_CERT: join(certs, 'clients', 'coordinator.pem'),
      BFA_NATS_KEY: join(certs, 'clients', 'coordinator-key.pem'),
    };
    const coordinator = await startProcess({
      name: 'coordinator',
      command: 'node',
      args: [COORDINATOR],
      env: { ...env, ...certificate },
      logFile: join(dir, 'coordinator.log'),
      ready: { httpUrl: `http://127.0.0.1:${port}/health` },
    });
    started.push(coordinator);
    expect(await (await fetch(`http://127.0.0.1:${port}/health/ready`)).json()).toEqual({ status: 'ready' });
    await coordinator.stop();
    const handshakeErrors = () =>
      readFileSync(join(dir, 'nats-1.log'), 'utf8').match(/TLS handshake error: .*certificate/g)?.length ?? 0;
    const before = handshakeErrors();
    const refused = await run('node', [COORDINATOR], {
      env: { ...process.env, NO_COLOR: '1', ...env },
      timeout: 60_000,
    }).then(
      () => ({ code: 0, output: '' }),
      (error: { code: number; stdout: string; stderr: string }) => ({
        code: error.code,
        output: error.stdout + error.stderr,
      }),
    );
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(`coordinator failed to start: NATS at ${hubUrl}: `);
    expect(handshakeErrors()).toBeGreaterThan(before);
  });

  it('systemd-analyze verify finds nothing to complain about in the units', () => {
    const units = readdirSync(join(ROOT, 'deploy', 'systemd')).filter((file) => file.endsWith('.service'));
    expect(units.sort()).toEqual(['bfa-coordinator.service', 'bfa-nats.service', 'bfa-node.service']);
    if (spawnSync('sh', ['-c', 'command -v systemd-analyze']).status !== 0)
      return console.warn('systemd-analyze is not installed: the units are not verified');
    for (const unit of units) {
      const text = readFileSync(join(ROOT, 'deploy', 'systemd', unit), 'utf8');
      const copy = join(dir, unit);
      // The paths of this machine's binaries (Debian's: /usr/bin/node, /usr/sbin/nats-server), so verify checks the rest.
      const node = process.execPath;
      const nats = spawnSync('sh', ['-c', 'command -v nats-server']).stdout.toString().trim();
      writeFileSync(copy, text.replaceAll('/usr/bin/node', node).replaceAll('/usr/sbin/nats-server', nats));
      const verified = spawnSync('systemd-analyze', ['verify', copy], { encoding: 'utf8', timeout: 60_000 });
      expect([unit, verified.status, verified.stderr.trim()]).toEqual([unit, 0, '']);
      for (const hardening of ['NoNewPrivileges=yes', 'ProtectSystem=strict', 'User=bfa'])
        expect(text).toContain(hardening);
    }
    for (const unit of ['bfa-node.service', 'bfa-coordinator.service']) {
      const text = readFileSync(join(ROOT, 'deploy', 'systemd', unit), 'utf8');
      const store = /ReadWritePaths=(\S+)/.exec(text)![1];
      expect(
        readFileSync(
          join(ROOT, 'deploy', 'systemd', `${unit.replace('bfa-', '').replace('.service', '')}.env.example`),
          'utf8',
        ),
      ).toContain(`BFA_DATA_DIR=${store}`);
    }
  });

  it('the Dockerfile and compose file start what the build makes, with every setting a node requires', () => {
    const dockerfile = readFileSync(join(ROOT, 'deploy', 'docker', 'Dockerfile'), 'utf8');
    const compose = parse(readFileSync(join(ROOT, 'deploy', 'docker', 'compose.yaml'), 'utf8'));
    const mains = [
      ...dockerfile.matchAll(/"(dist\/[^"]+main\.js)"/g),
      ...compose.services.node.command
        .filter((part: string) => part.startsWith('dist/'))
        .map((part: string) => [part, part]),
    ];
    expect(mains.length).toBeGreaterThan(1);
    for (const [, main] of mains) expect(existsSync(join(ROOT, main))).toBe(true);
    const given = new Set([
      ...Object.keys(compose.services.node.environment),
      ...[...dockerfile.matchAll(/(BFA_\w+)=/g)].map((m) => m[1]),
    ]);
    for (const required of [
      'BFA_ORG',
      'BFA_HTTP_PORT',
      'BFA_NATS_URL',
      'BFA_DATA_DIR',
      'BFA_POLICIES_DIR',
      'BFA_IDENTITY_FILE',
    ])
      expect([required, given.has(required)]).toEqual([required, true]);
    expect(compose.services.node.volumes).toContain(`bfa-store:${compose.services.node.environment.BFA_DATA_DIR}`);
  });
});
