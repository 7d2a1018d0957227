import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export class ConfigError extends Error {}

/** Reads a required setting from the environment; a process with a missing setting refuses to start. */
export function requiredEnv(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') throw new ConfigError(`missing setting ${name}`);
  return value.trim();
}

export function portEnv(env: NodeJS.ProcessEnv, name: string): number {
  const port = Number(requiredEnv(env, name));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`${name} must be a port number`);
  return port;
}

/** An optional non-negative integer setting (a count, a size, milliseconds). */
export function countEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  if (env[name] === undefined || env[name]!.trim() === '') return fallback;
  const value = Number(env[name]);
  if (!Number.isSafeInteger(value) || value < 0) throw new ConfigError(`${name} must be a non-negative integer`);
  return value;
}

/** The passphrase that opens a sealed signing key: BFA_SIGNING_KEY_PASSPHRASE, or the first line of BFA_SIGNING_KEY_PASSPHRASE_FILE. */
export function signingKeyPassphraseFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  if (env.BFA_SIGNING_KEY_PASSPHRASE) return env.BFA_SIGNING_KEY_PASSPHRASE;
  const file = env.BFA_SIGNING_KEY_PASSPHRASE_FILE;
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8').split('\n')[0];
  } catch (error) {
    throw new ConfigError(`BFA_SIGNING_KEY_PASSPHRASE_FILE: ${(error as Error).message}`);
  }
}

/** BFA_CONSOLE_DIR, or the console's build beside the app's: dist/apps/<app>/apps/<app>/src → dist/apps/console. */
export function consoleDirFromEnv(env: NodeJS.ProcessEnv, appDir: string): string {
  return env.BFA_CONSOLE_DIR?.trim() || join(appDir, '..', '..', '..', '..', 'console');
}

function originOf(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name}: ${JSON.stringify(value)} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${name}: ${value} is not an http(s) URL`);
  return url.origin;
}

/** BFA_CONSOLE_ORIGIN on a node: the origin of the coordinator's console, the one page allowed to read this node's audit log across origins. */
export function consoleOriginFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const value = env.BFA_CONSOLE_ORIGIN?.trim();
  return value ? originOf('BFA_CONSOLE_ORIGIN', value) : undefined;
}

/** BFA_AUDIT_NODE_URLS on the coordinator, `org=url,org=url`: where the ethics board's console fetches each node's log from. */
export function auditNodeUrlsFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const value = env.BFA_AUDIT_NODE_URLS?.trim();
  if (!value) return {};
  return Object.fromEntries(
    value.split(',').map((pair) => {
      const [org, url] = pair.trim().split(/=(.*)/s);
      if (!org || !url) throw new ConfigError(`BFA_AUDIT_NODE_URLS: expected org=url, got ${JSON.stringify(pair)}`);
      originOf('BFA_AUDIT_NODE_URLS', url);
      return [org, url.replace(/\/+$/, '')];
    }),
  );
}
