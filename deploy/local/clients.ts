import { readFileSync } from 'node:fs';
import { DecisionStatement, QuerySpec, signDecision } from '@bfa/protocol';

export class HttpError extends Error {
  constructor(readonly status: number, readonly body: unknown) {
    super(`HTTP ${status}: ${JSON.stringify(body)}`);
  }
}

export async function http<T>(url: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await response.text();
  const body = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new HttpError(response.status, body);
  return body as T;
}

/** An analyst talking to the coordinator. */
export class AnalystClient {
  constructor(readonly coordinatorUrl: string, readonly analyst: string) {}

  submit(spec: QuerySpec): Promise<{ id: string; queryHash: string; approvers: string[] }> {
    return http(`${this.coordinatorUrl}/queries`, { method: 'POST', body: spec, headers: { 'x-analyst': this.analyst } });
  }

  query(id: string): Promise<{ state: string; reason: string | null; decisions: { org: string; decision: string }[] }> {
    return http(`${this.coordinatorUrl}/queries/${id}`);
  }

  release<T = unknown>(id: string): Promise<T> {
    return http(`${this.coordinatorUrl}/queries/${id}/release`);
  }

  async waitForState(id: string, states: string[], timeoutMs = 300_000): Promise<{ state: string; reason: string | null }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const query = await this.query(id);
      if (states.includes(query.state)) return query;
      if (Date.now() > deadline) throw new Error(`query ${id} still ${query.state} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** A data steward: reads the inbox on its own node and signs decisions with its own key. */
export class StewardClient {
  private readonly key: { org: string; secretKey: string };

  constructor(readonly nodeUrl: string, stewardKeyFile: string) {
    this.key = JSON.parse(readFileSync(stewardKeyFile, 'utf8'));
  }

  inbox(state = 'pending'): Promise<{ queryId: string; queryHash: string }[]> {
    return http(`${this.nodeUrl}/steward/queries?state=${state}`);
  }

  async waitForProposal(queryId: string, timeoutMs = 30_000): Promise<{ queryId: string; queryHash: string; state: string }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await http(`${this.nodeUrl}/steward/queries/${queryId}`);
      } catch (error) {
        if (!(error instanceof HttpError && error.status === 404) || Date.now() > deadline) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async decide(queryId: string, decision: 'approve' | 'reject', reason = ''): Promise<unknown> {
    const proposal = await this.waitForProposal(queryId);
    const statement: DecisionStatement = { queryId, queryHash: proposal.queryHash, org: this.key.org, decision, reason, decidedAt: new Date().toISOString() };
    const { signature } = signDecision(statement, this.key.secretKey);
    return http(`${this.nodeUrl}/steward/queries/${queryId}/decision`, { method: 'POST', body: { decision, reason, decidedAt: statement.decidedAt, signature } });
  }
}
