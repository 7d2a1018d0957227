import { AuditEntry, ChainVerification, readAuditPages, SignedHead } from '@bfa/audit';
import { HttpError, Identity, loadIdentity, SignedHttp } from '@bfa/access';
import { DecisionStatement, QuerySpec, signDecision } from '@bfa/protocol';
import { FINAL_STATES, QueryStatus } from './format/query-progress';

async function poll<T>(what: string, timeoutMs: number, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await attempt();
    if (result !== undefined) return result;
    if (Date.now() > deadline) throw new Error(`${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** An analyst talking to the coordinator. */
export class AnalystClient {
  readonly http: SignedHttp;

  constructor(coordinatorUrl: string, identity: Identity) {
    this.http = new SignedHttp(coordinatorUrl, identity, 'the coordinator');
  }

  submit(spec: QuerySpec): Promise<{ id: string; queryHash: string; approvers: string[] }> {
    return this.http.post('/queries', spec);
  }

  queries(): Promise<{ id: string; state: string; dataset: string }[]> {
    return this.http.get('/queries');
  }

  query(id: string): Promise<QueryStatus> {
    return this.http.get(`/queries/${id}`);
  }

  /** Polls until the query has ended (released, rejected, refused or failed), telling `onStatus` each time. */
  follow(id: string, onStatus: (status: QueryStatus) => void, timeoutMs = 600_000): Promise<QueryStatus> {
    return poll(`query ${id} had not ended`, timeoutMs, async () => {
      const status = await this.query(id);
      onStatus(status);
      return FINAL_STATES.includes(status.state) ? status : undefined;
    });
  }

  release<T = unknown>(id: string): Promise<T> {
    return this.http.get(`/queries/${id}/release`);
  }

  waitForState(id: string, states: string[], timeoutMs = 300_000): Promise<{ state: string; reason: string | null }> {
    return poll(`query ${id} not in ${states.join('/')}`, timeoutMs, async () => {
      const query = await this.query(id);
      return states.includes(query.state) ? query : undefined;
    });
  }
}

/** An ethics-board member: reads one process's audit log (the coordinator's or a node's) and checks its chain. */
export class EthicsBoardClient {
  readonly http: SignedHttp;

  constructor(url: string, identity: Identity, peer = 'the audit log') {
    this.http = new SignedHttp(url, identity, peer);
  }

  /** The whole log, read page by page (`GET /audit?after=&limit=`). */
  audit(): Promise<AuditEntry[]> {
    return readAuditPages((after, limit) => this.auditPage(after, limit));
  }

  /** The entries after `after` (the seq of the last one read), oldest first, at most `limit`. */
  auditPage(after: number, limit: number): Promise<AuditEntry[]> {
    return this.http.get(`/audit?after=${after}&limit=${limit}`);
  }

  verify(): Promise<ChainVerification> {
    return this.http.get('/audit/verify');
  }

  /** The signed heads of the other logs that this process holds. */
  heads(): Promise<SignedHead[]> {
    return this.http.get('/audit/heads');
  }
}

/** A data steward: reads the inbox on its own node and signs decisions with its own key. */
export class StewardClient {
  readonly http: SignedHttp;
  private readonly key: Identity & { org: string };

  constructor(nodeUrl: string, stewardKeyFile: string, passphrase?: string) {
    const key = loadIdentity(stewardKeyFile, passphrase);
    if (!key.org) throw new Error(`${stewardKeyFile}: a steward's key file names its organisation`);
    this.key = { ...key, org: key.org };
    this.http = new SignedHttp(nodeUrl, this.key, `the node of ${key.org}`);
  }

  inbox<T = { queryId: string; queryHash: string; state: string }>(state = 'pending'): Promise<T[]> {
    return this.http.get(`/steward/queries?state=${state}`);
  }

  proposal<T = { queryId: string; queryHash: string; state: string }>(queryId: string): Promise<T> {
    return this.http.get(`/steward/queries/${queryId}`);
  }

  /**
   * Two minutes by default: before proposing, the coordinator asks every node its protocol version (up to 15 s a
   * node that is busy), and a node filling its rⁿ pool on a loaded machine answers slowly; 30 s was seen to be short.
   */
  waitForProposal(
    queryId: string,
    timeoutMs = 120_000,
  ): Promise<{ queryId: string; queryHash: string; state: string }> {
    return poll(`query ${queryId} not in ${this.key.org}'s inbox`, timeoutMs, () =>
      this.proposal(queryId).catch((error) => {
        if (error instanceof HttpError && error.status === 404) return undefined;
        throw error;
      }),
    );
  }

  async decide(queryId: string, decision: 'approve' | 'reject', reason = ''): Promise<unknown> {
    const proposal = await this.waitForProposal(queryId);
    const statement: DecisionStatement = {
      queryId,
      queryHash: proposal.queryHash,
      org: this.key.org,
      decision,
      reason,
      decidedAt: new Date().toISOString(),
    };
    const { signature } = signDecision(statement, this.key.secretKey);
    return this.http.post(`/steward/queries/${queryId}/decision`, {
      decision,
      reason,
      decidedAt: statement.decidedAt,
      signature,
    });
  }

  /** Imports an export into this node (the same import as `bfa data import`); answers with the validation report. */
  importData<T = { outcome: string }>(upload: StewardImport): Promise<T> {
    return this.http.post('/steward/data/import', upload);
  }

  /** Records, missing values and distributions of this node's own data, per dataset and field. */
  profile<T = unknown[]>(): Promise<T> {
    return this.http.get('/steward/data/profile');
  }
}

/** The steward's upload: the file in base64, and a mapping from the node's mapping folder by name or as YAML/JSON text. */
export interface StewardImport {
  fileName: string;
  content: string;
  dataset: string;
  mapping?: string;
  mappingText?: string;
  acceptPartial?: boolean;
  replaceYear?: number;
  checkOnly?: boolean;
}
