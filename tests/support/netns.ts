import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** One machine of the test network: a network namespace of its own with one address on the shared bridge. */
export interface Machine {
  namespace: string;
  address: string;
  /** `<machine>.bfa.test`: every machine's /etc/hosts (/etc/netns/<namespace>/hosts, as `ip netns exec` mounts it) knows every machine's. */
  hostName: string;
}

/**
 * Machines as Linux network namespaces, each joined by a veth pair to a bridge in a hub namespace of its own (so
 * the host's firewall never sees their traffic), and the host (the test process: analysts and stewards) on that
 * bridge too. Every machine has its own loopback: what listens on 127.0.0.1 in one is out of reach of the others.
 */
export interface Network {
  /** The host's address on the bridge. */
  hostAddress: string;
  machines: Record<string, Machine>;
  /** The command line that runs `command` on a machine (`ip netns exec`, which execs: the pid is the command's own). */
  on(machine: string, command: string, args: string[]): { command: string; args: string[] };
  /** Deletes every namespace, veth and bridge it made; safe to call after a partial set-up, and twice. */
  destroy(): void;
}

const ETC_NETNS = '/etc/netns';

/** Each machine's /etc/hosts: its loopback and every machine by name. */
function writeHosts(machines: Machine[]): void {
  const hosts = ['127.0.0.1 localhost', '::1 localhost', ...machines.map((m) => `${m.address} ${m.hostName}`)].join(
    '\n',
  );
  for (const machine of machines) {
    mkdirSync(join(ETC_NETNS, machine.namespace), { recursive: true });
    writeFileSync(join(ETC_NETNS, machine.namespace, 'hosts'), `${hosts}\n`);
  }
}

function ip(args: string[]): string {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(
      `ip ${args.join(' ')}: ${(result.stderr || result.error?.message || `exit ${result.status}`).trim()}`,
    );
  return result.stdout;
}

/** Why network namespaces can't be made here (not Linux, not root, no `ip`, the kernel refuses), or undefined when they can. */
export function namespaceProblem(): string | undefined {
  if (process.platform !== 'linux') return `network namespaces are Linux only, this is ${process.platform}`;
  if (process.getuid?.() !== 0)
    return 'making network namespaces needs root (ip netns add), and this runs as an ordinary user';
  if (spawnSync('sh', ['-c', 'command -v ip']).status !== 0)
    return 'the ip command is not installed (Debian package iproute2)';
  const probe = `bfa-probe-${process.pid}-${randomBytes(3).toString('hex')}`;
  try {
    ip(['netns', 'add', probe]);
    ip(['-n', probe, 'link', 'add', 'br0', 'type', 'bridge']);
    ip(['-n', probe, 'link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'veth1']);
    return undefined;
  } catch (error) {
    return `this machine refuses network namespaces, bridges or veth pairs: ${(error as Error).message}`;
  } finally {
    spawnSync('ip', ['netns', 'del', probe]);
  }
}

/** A /24 of 10.77.x.0 no route of the host uses yet, so two runs side by side don't meet. */
function freeSubnet(): string {
  const routes = ip(['-4', 'route', 'show']);
  const start = randomBytes(1)[0];
  for (let i = 0; i < 256; i++) {
    const subnet = `10.77.${(start + i) % 256}`;
    if (!routes.includes(`${subnet}.`)) return subnet;
  }
  throw new Error('every 10.77.x.0/24 is routed on this host already');
}

export function createNetwork(machineNames: string[]): Network {
  const prefix = `bfa${process.pid}${randomBytes(1).toString('hex')}`;
  const subnet = freeSubnet();
  const hub = `${prefix}-hub`;
  const hostLink = `${prefix}h`;
  const namespaces: string[] = [];
  const machines: Record<string, Machine> = {};
  const network: Network = {
    hostAddress: `${subnet}.1`,
    machines,
    on: (machine, command, args) => ({
      command: 'ip',
      args: ['netns', 'exec', machines[machine].namespace, command, ...args],
    }),
    destroy: () => {
      spawnSync('ip', ['link', 'del', hostLink]);
      for (const namespace of namespaces.splice(0).reverse()) {
        // Only our own processes can be in these namespaces (they are named for this run): none outlives the network.
        for (const pid of spawnSync('ip', ['netns', 'pids', namespace], { encoding: 'utf8' })
          .stdout?.split('\n')
          .filter(Boolean) ?? []) {
          try {
            process.kill(Number(pid), 'SIGKILL');
          } catch {
            // gone already
          }
        }
        spawnSync('ip', ['netns', 'del', namespace]);
        rmSync(join(ETC_NETNS, namespace), { recursive: true, force: true });
      }
    },
  };
  const addNamespace = (namespace: string) => {
    ip(['netns', 'add', namespace]);
    namespaces.push(namespace);
    ip(['-n', namespace, 'link', 'set', 'lo', 'up']);
  };
  try {
    addNamespace(hub);
    ip(['-n', hub, 'link', 'add', 'br0', 'type', 'bridge']);
    ip(['-n', hub, 'link', 'set', 'br0', 'up']);
    machineNames.forEach((name, i) => {
      const namespace = `${prefix}-${name}`;
      const address = `${subnet}.${10 + i}`;
      addNamespace(namespace);
      ip(['-n', hub, 'link', 'add', `port${i}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', namespace]);
      ip(['-n', hub, 'link', 'set', `port${i}`, 'master', 'br0', 'up']);
      ip(['-n', namespace, 'addr', 'add', `${address}/24`, 'dev', 'eth0']);
      ip(['-n', namespace, 'link', 'set', 'eth0', 'up']);
      machines[name] = { namespace, address, hostName: `${name}.bfa.test` };
    });
    writeHosts(Object.values(machines));
    ip(['link', 'add', hostLink, 'type', 'veth', 'peer', 'name', 'host', 'netns', hub]);
    ip(['-n', hub, 'link', 'set', 'host', 'master', 'br0', 'up']);
    ip(['addr', 'add', `${network.hostAddress}/24`, 'dev', hostLink]);
    ip(['link', 'set', hostLink, 'up']);
    return network;
  } catch (error) {
    network.destroy();
    throw error;
  }
}

/** Script for `node -e`: GET a URL, print its status and body, or the connection error's code (ECONNREFUSED). */
const GET = `fetch(process.argv[1]).then(async (r) => console.log(JSON.stringify({ status: r.status, body: await r.text() })),
  (e) => console.log(JSON.stringify({ error: e.cause?.code ?? e.message })))`;

/** What a GET of `url` gets when sent from inside a machine: a status and body, or why it could not connect. */
export async function fetchFrom(
  network: Network,
  machine: string,
  url: string,
): Promise<{ status?: number; body?: string; error?: string }> {
  const { command, args } = network.on(machine, 'node', ['-e', GET, url]);
  const { stdout } = await promisify(execFile)(command, args, { timeout: 30_000, maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout);
}
