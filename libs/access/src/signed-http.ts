import { readFileSync } from 'node:fs';
import { readKeyFile } from '@bfa/crypto';
import { signRequest } from './request-signature';
import { asUnreachable } from './unreachable';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(
      `HTTP ${status}: ${typeof body === 'object' && body !== null && 'message' in body ? String((body as { message: unknown }).message) : JSON.stringify(body)}`,
    );
  }
}

export async function http<T>(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').includes('application/json');
  const body = text && isJson ? JSON.parse(text) : text || undefined;
  if (!response.ok) throw new HttpError(response.status, body);
  return body as T;
}

function connectionReset(error: unknown): boolean {
  const code = (error as { cause?: { code?: string } })?.cause?.code;
  return (
    (error as Error)?.name === 'TypeError' && (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE')
  );
}

/** A principal's id and Ed25519 secret key, as in its key file. */
export interface Identity {
  id: string;
  secretKey: string;
}

/** HTTP with every request signed by one principal; a failure to connect names `peer` ("the coordinator") and the URL. */
export class SignedHttp {
  constructor(
    readonly baseUrl: string,
    readonly identity: Identity,
    readonly peer = 'the server',
  ) {}

  request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const send = () =>
      http<T>(`${this.baseUrl.replace(/\/$/, '')}${path}`, {
        method,
        body,
        headers: signRequest({ method, path, body }, this.identity),
      });
    // A kept-alive connection the server closes at the instant it is reused fails as a reset; a read is safe to send again, signed afresh.
    const sent =
      method === 'GET' ? send().catch((error) => (connectionReset(error) ? send() : Promise.reject(error))) : send();
    return sent.catch((error) => Promise.reject(asUnreachable(error, this.peer, this.baseUrl)));
  }

  get<T>(path: string): Promise<T> {
    return this.request('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request('POST', path, body);
  }
}

/**
 * Reads a principal's key file ({ id, secretKey, ... }); a steward's also names its organisation. A file sealed with
 * a passphrase (`bfa keys protect`) is opened with `passphrase`, and must be its owner's only, as every sealed key file.
 */
export function loadIdentity(file: string, passphrase?: string): Identity & { org?: string } {
  const content = readKeyJson(file);
  const identity = content?.locked ? readKeyFile<Identity & { org?: string }>(file, passphrase) : content;
  if (typeof identity?.id !== 'string' || typeof identity?.secretKey !== 'string')
    throw new Error(`${file}: not a key file (needs id and secretKey)`);
  return identity;
}

function readKeyJson(file: string): any {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      `${file}: ${code === 'ENOENT' ? 'no such key file' : code === 'EACCES' ? 'not allowed to read this key file' : (error as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${file}: not a key file (not JSON)`);
  }
}
