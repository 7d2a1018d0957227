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
