import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, createWriteStream, fstatSync, openSync, readFileSync } from 'node:fs';

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  logFile: string;
  /** Ready when a log line matches, or when an HTTP URL answers 200. */
  ready: { logLine: RegExp } | { httpUrl: string };
  timeoutMs?: number;
  /** Outlives this process (`npm start`): its own process group, output straight into the log file. */
  detached?: boolean;
}

const running = new Set<ChildProcess>();

// Whatever happens to the parent (a failed test, Ctrl-C), its servers don't outlive it.
process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));

/** Starts a child process with its output in a log file, and resolves once it is ready to serve. */
export async function startProcess(spec: ProcessSpec): Promise<ManagedProcess> {
  if (spec.detached) return startDetached(spec);
  const log = createWriteStream(spec.logFile, { flags: 'a' });
  const child = spawn(spec.command, spec.args, {
    env: { ...process.env, NO_COLOR: '1', ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    if (output.length < 64_000) output += chunk.toString();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const managed: ManagedProcess = { name: spec.name, child, stop: () => stopChild(child) };
  try {
    await waitUntilReady(spec, child, () => output);
  } catch (error) {
    await managed.stop();
    throw new Error(`${spec.name} did not start: ${(error as Error).message}; see ${spec.logFile}`);
  }
  return managed;
}

async function startDetached(spec: ProcessSpec): Promise<ManagedProcess> {
  const log = openSync(spec.logFile, 'a');
  const before = fstatSync(log).size;
  const child = spawn(spec.command, spec.args, {
    env: { ...process.env, NO_COLOR: '1', ...spec.env },
    stdio: ['ignore', log, log],
    detached: true,
  });
  closeSync(log);
  child.unref();
  const managed: ManagedProcess = { name: spec.name, child, stop: () => stopChild(child) };
  try {
    await waitUntilReady(spec, child, () => readFileSync(spec.logFile).subarray(before).toString());
  } catch (error) {
    await managed.stop();
    throw new Error(`${spec.name} did not start: ${(error as Error).message}; see ${spec.logFile}`);
  }
  return managed;
}

async function waitUntilReady(spec: ProcessSpec, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + (spec.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    if ('logLine' in spec.ready ? spec.ready.logLine.test(output()) : await answers(spec.ready.httpUrl)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('timed out');
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** A process the tests can kill -9 and start again the same way (same port, data, settings). */
export interface Restartable {
  readonly process: ManagedProcess;
  /** SIGKILL, as a crash or a pulled plug: no shutdown hook runs. Resolves once it is gone. */
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function restartable(first: ManagedProcess, again: () => Promise<ManagedProcess>): Restartable {
  let current = first;
  return {
    get process() {
      return current;
    },
    kill: () => {
      const child = current.child;
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      });
    },
    start: async () => {
      current = await again();
    },
    stop: () => current.stop(),
  };
}
