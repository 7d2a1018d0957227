import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const BFA = resolve(__dirname, '..', '..', 'dist', 'apps', 'cli', 'apps', 'cli', 'src', 'main.js');

/** Runs the built `bfa` command line as a user would, with its exit code and output. */
export function bfa(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)('node', [BFA, ...args], { env: { ...process.env, ...env } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}
