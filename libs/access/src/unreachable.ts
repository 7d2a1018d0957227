/** A request that never got an answer: the message names the party and the URL, and why, in plain words. */
export class UnreachableError extends Error {
  constructor(
    readonly peer: string,
    readonly url: string,
    readonly reason: string,
  ) {
    super(`could not reach ${peer} at ${url}: ${reason}`);
  }
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection closed before an answer came',
  UND_ERR_SOCKET: 'connection closed before an answer came',
  EPIPE: 'connection closed before an answer came',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'no such host (name lookup failed)',
  ETIMEDOUT: 'timed out',
  UND_ERR_CONNECT_TIMEOUT: 'timed out connecting',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ERR_INVALID_URL: 'not a URL',
};

type FetchFailure = {
  name?: string;
  message?: string;
  cause?: { code?: string; message?: string; errors?: { code?: string }[] };
};

/** The plain reason of a fetch that failed before any HTTP answer; undefined for anything else (an HTTP error, bad JSON). */
export function unreachableReason(error: unknown): string | undefined {
  const failure = error as FetchFailure;
  if (failure?.name !== 'TypeError' || !failure.cause) return undefined;
  const code = failure.cause.code ?? failure.cause.errors?.[0]?.code;
  if (code && REASONS[code]) return REASONS[code];
  if (code?.startsWith('ERR_TLS') || /certificate/i.test(failure.cause.message ?? ''))
    return `TLS: ${failure.cause.message}`;
  return failure.cause.message ?? failure.message;
}

/** The error to show for a failed request: an UnreachableError when no answer came, the error itself otherwise. */
export function asUnreachable(error: unknown, peer: string, url: string): unknown {
  const reason = unreachableReason(error);
  return reason === undefined ? error : new UnreachableError(peer, url, reason);
}
