import { HEADERS, requestMessage } from '../../../libs/access/src/request-message';
import { decisionMessage, DecisionStatement } from '../../../libs/protocol/src/decision';
import { Signer } from './signer';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const nonce = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

/** The headers the CLI's signRequest makes (libs/access/src/request-signature.ts), signed here in the browser. */
export async function signedHeaders(
  request: { method: string; path: string; body?: unknown },
  signer: Signer,
  now = new Date(),
): Promise<Record<string, string>> {
  const parts = { ...request, body: request.body, principal: signer.id, timestamp: now.toISOString(), nonce: nonce() };
  return {
    [HEADERS.principal]: parts.principal,
    [HEADERS.timestamp]: parts.timestamp,
    [HEADERS.nonce]: parts.nonce,
    [HEADERS.signature]: await signer.sign(requestMessage(parts)),
  };
}

const messageOf = (body: unknown, status: number) => {
  const message = (body as { message?: unknown } | undefined)?.message;
  return Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : `HTTP ${status}`;
};

/** Every call signed by the signed-in principal, to the server that served this page (or to `base`: a node's audit log, read by the ethics board). */
export class SignedApi {
  constructor(
    readonly signer: Signer,
    readonly base = '',
  ) {}

  /**
   * A request the access guard found stale (this computer's clock, a laptop waking up) or replayed was refused before
   * anything happened, so it is sent once more with a fresh time and nonce; a second refusal is shown as it is.
   */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    try {
      return await this.send<T>(method, path, body);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401 && /stale|replayed/.test(error.message))) throw error;
      return this.send<T>(method, path, body);
    }
  }

  private async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers = {
      'content-type': 'application/json',
      ...(await signedHeaders({ method, path, body }, this.signer)),
    };
    const response = await fetch(this.base + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed =
      text && (response.headers.get('content-type') ?? '').includes('application/json')
        ? JSON.parse(text)
        : text || undefined;
    if (!response.ok) throw new ApiError(response.status, messageOf(parsed, response.status));
    return parsed as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request('POST', path, body);
  }
}

/** A steward's decision, signed in this browser over the statement the node rebuilds (libs/protocol/src/decision.ts), as the CLI's StewardClient.decide posts it. */
export async function decide(
  api: SignedApi,
  proposal: { queryId: string; queryHash: string },
  decision: 'approve' | 'reject',
  reason = '',
): Promise<unknown> {
  const org = api.signer.org;
  if (!org) throw new ApiError(403, 'not a steward key');
  const statement: DecisionStatement = {
    queryId: proposal.queryId,
    queryHash: proposal.queryHash,
    org,
    decision,
    reason,
    decidedAt: new Date().toISOString(),
  };
  const signature = await api.signer.sign(decisionMessage(statement));
  return api.post(`/steward/queries/${proposal.queryId}/decision`, {
    decision,
    reason,
    decidedAt: statement.decidedAt,
    signature,
  });
}
