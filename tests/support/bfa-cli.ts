import { execFile, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const BFA = resolve(__dirname, '..', '..', 'dist', 'apps', 'cli', 'apps', 'cli', 'src', 'main.js');

/** Runs the built `bfa` command line as a user would, with its exit code and output. */
export function bfa(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)('node', [BFA, ...args], { env: { ...process.env, ...env } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

/** Starts `bfa` and lets a test wait for words on its stderr (its progress) before acting, then for its end. */
export function bfaStarted(args: string[]): {
  saying(words: string): Promise<void>;
  done: Promise<{ code: number; stdout: string; stderr: string }>;
} {
  const child = spawn('node', [BFA, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr })),
  );
  const saying = (words: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => (stderr.includes(words) ? resolve() : undefined);
      child.stderr.on('data', check);
      done.then(() => reject(new Error(`bfa ended without saying "${words}": ${stderr}`)));
      check();
    });
  return { saying, done };
}
