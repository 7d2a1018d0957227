import { readFileSync } from 'node:fs';

/** A process's log reaches its file a moment after the process answered: wait for the line rather than race it. */
export async function waitForLogLine(file: string, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = readFileSync(file, 'utf8');
    if (pattern.test(log) || Date.now() > deadline) return log;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
