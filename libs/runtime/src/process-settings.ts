import { join } from 'node:path';
import {
  count,
  existingDirectory,
  natsUrl,
  optionalText,
  port,
  readableFile,
  requiredText,
  secretFile,
  secretText,
} from './settings';
import { NatsConnectionOptions, NatsCredentials } from './nats-transport';
import { benchPlaintextOf } from './bench-plaintext';

/** What the coordinator and every node are told alike: where they listen, where NATS is, where their files are. */
export const PROCESS_SETTINGS = {
  BFA_HTTP_PORT: port('HTTP port of the API and the web console (0: any free port)'),
  BFA_DATA_DIR: requiredText('the data directory: sqlite stores and the audit log (created if missing)'),
  BFA_POLICIES_DIR: existingDirectory('the policies directory (policies/ of this repository, or a copy)'),
  BFA_REGISTRY: optionalText('the public registry of keys (registry.json)', '<BFA_DATA_DIR>/../registry.json'),
  BFA_IDENTITY_FILE: requiredText(
    "this process's identity file (signing and box keys), owner-only, outside the data directory",
  ),
  BFA_SIGNING_KEY_PASSPHRASE: secretText('the passphrase of a sealed identity file (prefer the _FILE form)'),
  BFA_SIGNING_KEY_PASSPHRASE_FILE: secretFile('a file whose first line is that passphrase'),
  BFA_NATS_URL: natsUrl('nats-server: nats:// or tls://host:port, comma-separated for a cluster'),
  BFA_NATS_USER: optionalText('NATS user, when the server admits users by password (the local cluster)'),
  BFA_NATS_PASSWORD: optionalText('its password'),
  BFA_NATS_CA: readableFile("the CA (PEM) nats-server's certificate must chain to; set, NATS is TLS", '(plain NATS)'),
  BFA_NATS_CERT: readableFile("this process's client certificate (PEM), for nats-server's mutual TLS"),
  BFA_NATS_KEY: readableFile('its private key (PEM), owner-only'),
  BFA_UNPROVEN_PER_MINUTE: count(
    'unsigned or otherwise unproven HTTP requests one address may send per minute before 429s',
    60,
  ),
  BFA_CONSOLE_DIR: optionalText('the built web console, served under /console/', 'dist/apps/console'),
  BFA_BENCH_PLAINTEXT: optionalText(
    "bench only: 'bench-only-no-encryption' runs the same steps without encryption, refused beyond loopback NATS and .data/bench/",
  ),
};

type ProcessSettingValues = { [K in keyof typeof PROCESS_SETTINGS]: ReturnType<(typeof PROCESS_SETTINGS)[K]['read']> };

/** BFA_NATS_USER and BFA_NATS_PASSWORD, when the server asks for them; one without the other is refused. */
export function natsCredentialsOf(settings: ProcessSettingValues): NatsCredentials | undefined {
  return settings.BFA_NATS_USER && settings.BFA_NATS_PASSWORD
    ? { user: settings.BFA_NATS_USER, pass: settings.BFA_NATS_PASSWORD }
    : undefined;
}

export function natsConnectionOf(settings: ProcessSettingValues): NatsConnectionOptions {
  return { caFile: settings.BFA_NATS_CA, certFile: settings.BFA_NATS_CERT, keyFile: settings.BFA_NATS_KEY };
}

/** The passphrase that opens a sealed identity: BFA_SIGNING_KEY_PASSPHRASE, or the first line of its _FILE. */
export function passphraseOf(
  settings: Pick<ProcessSettingValues, 'BFA_SIGNING_KEY_PASSPHRASE' | 'BFA_SIGNING_KEY_PASSPHRASE_FILE'>,
): string | undefined {
  return settings.BFA_SIGNING_KEY_PASSPHRASE ?? settings.BFA_SIGNING_KEY_PASSPHRASE_FILE;
}

/** BFA_REGISTRY, or registry.json beside the data directory. */
export function registryOf(settings: ProcessSettingValues): string {
  return settings.BFA_REGISTRY ?? join(settings.BFA_DATA_DIR, '..', 'registry.json');
}

/** BFA_CONSOLE_DIR, or the console's build beside the app's: dist/apps/<app>/apps/<app>/src → dist/apps/console. */
export function consoleDirOf(settings: ProcessSettingValues, appDir: string): string {
  return settings.BFA_CONSOLE_DIR ?? join(appDir, '..', '..', '..', '..', 'console');
}

/** What the coordinator and a node both make of PROCESS_SETTINGS. */
export interface ProcessConfig {
  httpPort: number;
  natsUrl: string;
  natsCredentials?: NatsCredentials;
  /** TLS to nats-server: the CA its certificate is checked against (unset: plain NATS), and a client certificate for mutual TLS. */
  natsConnection: NatsConnectionOptions;
  dataDir: string;
  policiesDir: string;
  registryFile: string;
  /** Unsigned or otherwise unproven HTTP requests one address may send per minute before it gets 429s. */
  unprovenPerMinute: number;
  /** The process's identity (signing and box keys), kept apart from the data directory and its log; optionally sealed with a passphrase. */
  identityFile: string;
  identityPassphrase?: string;
  /** The built web console (BFA_CONSOLE_DIR; default dist/apps/console beside this build), served under /console/. */
  consoleDir: string;
  /** The bench's plaintext floor (BFA_BENCH_PLAINTEXT): the same messages and steps, nothing encrypted or decrypted. */
  benchPlaintext?: boolean;
}

/** The shared part of an app's config; `appDir` is the app's build folder (its __dirname), where the console's build is found. */
export function processConfigOf(settings: ProcessSettingValues, appDir: string): ProcessConfig {
  return {
    httpPort: settings.BFA_HTTP_PORT,
    natsUrl: settings.BFA_NATS_URL,
    natsCredentials: natsCredentialsOf(settings),
    natsConnection: natsConnectionOf(settings),
    dataDir: settings.BFA_DATA_DIR,
    policiesDir: settings.BFA_POLICIES_DIR,
    registryFile: registryOf(settings),
    unprovenPerMinute: settings.BFA_UNPROVEN_PER_MINUTE,
    identityFile: settings.BFA_IDENTITY_FILE,
    identityPassphrase: passphraseOf(settings),
    consoleDir: consoleDirOf(settings, appDir),
    benchPlaintext: benchPlaintextOf(settings.BFA_BENCH_PLAINTEXT, settings.BFA_NATS_URL, settings.BFA_DATA_DIR),
  };
}

/** The pairs of settings that only make sense together; named when one is set without the other. */
export function unpairedSettings(settings: ProcessSettingValues): string[] {
  const pairs: [keyof ProcessSettingValues, keyof ProcessSettingValues][] = [
    ['BFA_NATS_USER', 'BFA_NATS_PASSWORD'],
    ['BFA_NATS_CERT', 'BFA_NATS_KEY'],
  ];
  return pairs
    .filter(([a, b]) => Boolean(settings[a]) !== Boolean(settings[b]))
    .map(([a, b]) => `${a} and ${b} are set together or not at all`);
}
