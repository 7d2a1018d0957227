import { readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** A process with a bad setting refuses to start with this message: every bad setting named, no stack trace. */
export class ConfigError extends Error {}

/** Why one setting's text is refused; readSettings puts the setting's name in front. */
class SettingError extends Error {}

/**
 * One setting of an app: what it means, its default as the README's table shows it (absent: required), and how
 * its text becomes a value. Settings are declared once per app (apps/<app>/src/<app>.config.ts, apps/cli/src/cli.config.ts)
 * and read from the environment in that one place; no library reads the environment.
 */
export interface Setting<T> {
  meaning: string;
  fallback?: string;
  /** A secret is taken as given; anything else loses the spaces around it. */
  secret?: boolean;
  read(text: string | undefined): T;
}

export type SettingsSchema = Record<string, Setting<unknown>>;

export type SettingsOf<S extends SettingsSchema> = { [K in keyof S]: S[K] extends Setting<infer T> ? T : never };

/** Every setting of the schema read from `env`; all bad ones are named at once, so one restart fixes them all. */
export function readSettings<S extends SettingsSchema>(
  schema: S,
  env: NodeJS.ProcessEnv,
  across: (values: SettingsOf<S>) => string[] = () => [],
): SettingsOf<S> {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, setting] of Object.entries(schema)) {
    try {
      values[name] = setting.read((setting.secret ? env[name] : env[name]?.trim()) || undefined);
    } catch (error) {
      if (!(error instanceof SettingError)) throw error;
      problems.push(`${name} ${error.message}`);
    }
  }
  if (problems.length === 0) problems.push(...across(values as SettingsOf<S>));
  if (problems.length > 0)
    throw new ConfigError(`bad setting${problems.length > 1 ? 's' : ''}: ${problems.join('; ')}`);
  return values as SettingsOf<S>;
}

const required = (text: string | undefined): string => {
  if (text === undefined) throw new SettingError('is missing');
  return text;
};

/** Text the process can't start without. */
export function requiredText(meaning: string): Setting<string> {
  return { meaning, read: required };
}

/** Text that may be left unset; `fallback` only documents what happens then. */
export function optionalText(meaning: string, fallback = '(unset)'): Setting<string | undefined> {
  return { meaning, fallback, read: (text) => text };
}

/** A secret given in the environment itself (a passphrase): not trimmed, never shown in a message. */
export function secretText(meaning: string): Setting<string | undefined> {
  return { meaning, fallback: '(unset)', secret: true, read: (text) => text };
}

export function port(meaning: string): Setting<number> {
  return {
    meaning,
    read: (text) => {
      const value = Number(required(text));
      if (!Number.isInteger(value) || value < 0 || value > 65535)
        throw new SettingError(`must be a port number from 0 to 65535, not '${text}'`);
      return value;
    },
  };
}

/** A non-negative whole number (a count, a size, milliseconds, hours). */
export function count(meaning: string, fallback: number, shown = fallback.toLocaleString('en')): Setting<number> {
  return {
    meaning,
    fallback: shown,
    read: (text) => {
      if (text === undefined) return fallback;
      const value = Number(text);
      if (!/^\d+$/.test(text) || !Number.isSafeInteger(value))
        throw new SettingError(`must be a whole number of at least 0, not '${text}'`);
      return value;
    },
  };
}

/**
 * Worker threads for CPU-bound work, every core by default: from `min` (1 where the work must stay off the event loop)
 * to the cores this process may use, since more threads only wait for a core, each with a heap of its own.
 */
export function workerThreads(meaning: string, min: number, why: string): Setting<number> {
  const whole = count(meaning, availableParallelism(), 'every core');
  return {
    ...whole,
    read: (text) => {
      const value = whole.read(text);
      const cores = availableParallelism();
      if (value < min || value > cores)
        throw new SettingError(
          `must be from ${min} to ${cores} worker threads (${why}; this machine has ${cores} cores), not '${text}'`,
        );
      return value;
    },
  };
}

/** The longest delay Node's timers take: setTimeout and setInterval run a longer one after 1 ms, with only a warning. */
export const LONGEST_TIMER_MS = 2_147_483_647;

/**
 * Milliseconds a timer waits (a timeout, an interval), from `min` to `max`: 0 for an interval is a busy loop and
 * more than LONGEST_TIMER_MS fires at once, each turning a patient setting into a flood.
 */
export function milliseconds(
  meaning: string,
  fallback: number,
  { min = 1, max = LONGEST_TIMER_MS, why = "a longer one makes Node's timer fire at once" } = {},
): Setting<number> {
  const whole = count(meaning, fallback);
  return {
    ...whole,
    read: (text) => {
      const value = whole.read(text);
      if (value < min || value > max)
        throw new SettingError(
          `must be from ${min.toLocaleString('en')} to ${max.toLocaleString('en')} milliseconds (${why}), not '${text}'`,
        );
      return value;
    },
  };
}

/** A NATS server URL (nats:// or tls://; several comma-separated, for a cluster). */
export function natsUrl(meaning: string): Setting<string> {
  return {
    meaning,
    read: (text) => {
      const bad = required(text)
        .split(',')
        .find((url) => !/^(nats|tls):\/\/[^\s/]+$/.test(url.trim()));
      if (bad !== undefined)
        throw new SettingError(
          `must be nats://host:port or tls://host:port (comma-separated for a cluster), not '${bad}'`,
        );
      return text!;
    },
  };
}

/** An http(s) base URL. */
export function httpUrl(meaning: string, fallback = '(unset)'): Setting<string | undefined> {
  return {
    meaning,
    fallback,
    read: (text) => {
      if (text !== undefined && !/^https?:\/\/[^\s]+$/.test(text))
        throw new SettingError(`must be an http:// or https:// URL, not '${text}'`);
      return text;
    },
  };
}

/** A directory that must exist when the process starts (its policies, say). */
export function existingDirectory(meaning: string): Setting<string> {
  return {
    meaning,
    read: (text) => {
      const dir = required(text);
      if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory())
        throw new SettingError(`is not a directory: ${dir}`);
      return dir;
    },
  };
}

/** A file that must be readable when set (a certificate, a key). */
export function readableFile(meaning: string, fallback = '(unset)'): Setting<string | undefined> {
  return {
    meaning,
    fallback,
    read: (text) => {
      if (text !== undefined && !statSync(text, { throwIfNoEntry: false })?.isFile())
        throw new SettingError(`is not a file: ${text}`);
      return text;
    },
  };
}

/** The first line of a file holding a secret (a passphrase), so the secret itself is not in the environment. */
export function secretFile(meaning: string): Setting<string | undefined> {
  return {
    meaning,
    fallback: '(unset)',
    read: (text) => {
      if (text === undefined) return undefined;
      try {
        return readFileSync(text, 'utf8').split('\n')[0];
      } catch (error) {
        throw new SettingError(`can't be read: ${(error as Error).message}`);
      }
    },
  };
}

/** One of a few words. */
export function oneOf<T extends string>(meaning: string, words: readonly T[], fallback: T): Setting<T> {
  return {
    meaning,
    fallback,
    read: (text) => {
      if (text === undefined) return fallback;
      if (!words.includes(text as T)) throw new SettingError(`must be one of ${words.join(', ')}, not '${text}'`);
      return text as T;
    },
  };
}

/** A share of something (of the region's children, say): a number above 0 and at most 1. */
export function share(meaning: string, fallback: number): Setting<number> {
  return {
    meaning,
    fallback: String(fallback),
    read: (text) => {
      if (text === undefined) return fallback;
      const value = Number(text);
      if (!(value > 0 && value <= 1)) throw new SettingError(`must be a number above 0 and at most 1, not '${text}'`);
      return value;
    },
  };
}

function originOf(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SettingError(`must be an http:// or https:// URL, not '${text}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new SettingError(`must be an http:// or https:// URL, not '${text}'`);
  return url.origin;
}

/** The origin (scheme, host, port) of an http(s) URL. */
export function httpOrigin(meaning: string, fallback = '(unset)'): Setting<string | undefined> {
  return { meaning, fallback, read: (text) => (text === undefined ? undefined : originOf(text)) };
}

/** `name=url,name=url`: an http(s) base URL per organisation. */
export function urlsByName(meaning: string, fallback = '(none)'): Setting<Record<string, string>> {
  return {
    meaning,
    fallback,
    read: (text) => {
      if (text === undefined) return {};
      const pairs = text.split(',').map((pair) => {
        const [name, url] = pair.trim().split(/=(.*)/s);
        if (!name || !url) throw new SettingError(`must be name=url pairs separated by commas, not '${pair.trim()}'`);
        originOf(url);
        return [name, url.replace(/\/+$/, '')];
      });
      return Object.fromEntries(pairs);
    },
  };
}
