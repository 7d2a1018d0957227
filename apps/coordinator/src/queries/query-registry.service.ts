import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Like, Repository } from 'typeorm';
import { canonicalHash } from '@bfa/crypto';
import { RememberedCell } from '@bfa/disclosure';
import { denominatorSpec } from '@bfa/policy';
import { QueryEnvelope, QuerySpec, SignedDecision, queryHash } from '@bfa/protocol';
import { DecisionRecord } from './decision.entity';
import { LedgerBases } from './ledger-bases';
import { QueryRecord, QueryState } from './query.entity';
import { ReleaseRecord } from './release.entity';
import { ReleasedTable } from './released-table';
import { isLegacyCocktail } from '../federation/legacy-cocktails';

/** A rate's denominators as a count release of the population dataset, for that dataset's ledger. */
function denominatorBasis(
  queryId: string,
  basis: DifferencingBasis,
  dataset: string,
): (DifferencingBasis & { id: string })[] {
  if (basis.spec.measure.denominator?.dataset !== dataset || !basis.denominators?.length) return [];
  const { denominators, cells: _numerators, ...rest } = basis;
  return [{ ...rest, id: `${queryId}/denominator`, spec: denominatorSpec(basis.spec), cells: denominators }];
}

/** A mean's published counts as a count release of its dataset: later counts are audited with them too. */
function meanCountBasis(queryId: string, basis: DifferencingBasis): (DifferencingBasis & { id: string })[] {
  if (basis.spec.measure.kind !== 'mean') return [];
  const cells = basis.cells.map(({ shown: _shown, ...cell }) => ({ ...cell, value: cell.contributors }));
  return [{ ...basis, id: `${queryId}/counts`, spec: { ...basis.spec, measure: { kind: 'count' } }, cells }];
}

/** One row each: TypeORM's sqlite shares one connection across the process, and a transaction per save collides with another service's. */
const NO_TRANSACTION = { transaction: false };

/** What the release ledger keeps of a release: each cell's true contributor count and amount, whether it was published. */
export interface LedgerEntry {
  cells: RememberedCell[];
  roundingBase?: number;
  contributedBy?: string[];
  /** A rate's denominators: the population dataset's ledger remembers them as a count release of its own. */
  denominators?: RememberedCell[];
}

export interface DifferencingBasis extends LedgerEntry {
  spec: QuerySpec;
}

export interface QuerySummary {
  id: string;
  requester: string;
  dataset: string;
  state: QueryState;
  createdAt: string;
}

export interface QueryView {
  id: string;
  queryHash: string;
  state: QueryState;
  reason: string | null;
  envelope: QueryEnvelope;
  decisions: { org: string; decision: string; reason: string; decidedAt: string }[];
  createdAt: string;
  updatedAt: string;
}

/** The coordinator's record of every query, the stewards' signed decisions and the releases. */
@Injectable()
export class QueryRegistry {
  constructor(
    @InjectRepository(QueryRecord) private readonly queries: Repository<QueryRecord>,
    @InjectRepository(DecisionRecord) private readonly decisions: Repository<DecisionRecord>,
    @InjectRepository(ReleaseRecord) private readonly releases: Repository<ReleaseRecord>,
  ) {}

  /** Every release's ledger record, read and parsed once (the ledger's audit reads all of a dataset's at each release). */
  private readonly ledgerBases = new LedgerBases((ids) =>
    this.releases.find({ select: { queryId: true, differencingBasis: true }, where: { queryId: In(ids) } }),
  );

  async create(envelope: QueryEnvelope): Promise<QueryRecord> {
    return this.queries.save(
      this.queries.create({
        id: envelope.id,
        requester: envelope.requester,
        queryHash: queryHash(envelope),
        envelope: JSON.stringify(envelope),
        state: 'proposed',
        reason: null,
      }),
      NO_TRANSACTION,
    );
  }

  async envelope(id: string): Promise<QueryEnvelope | null> {
    const record = await this.queries.findOneBy({ id });
    return record ? JSON.parse(record.envelope) : null;
  }

  /** The envelopes of the queries in a state, oldest first (at a restart: those still on their way). */
  async inState(state: QueryState): Promise<QueryEnvelope[]> {
    const records = await this.queries.find({ where: { state }, order: { createdAt: 'ASC' } });
    return records.map((r) => JSON.parse(r.envelope));
  }

  /** Moves a query from one state to the next; false when it was no longer in `from` (a concurrent move won). */
  async transition(id: string, from: QueryState, to: QueryState, reason: string | null = null): Promise<boolean> {
    const result = await this.queries.update({ id, state: from }, { state: to, reason });
    return (result.affected ?? 0) > 0;
  }

  /** Keeps an organisation's first decision on a query; says whether this one was added, is that one again, or differs. */
  async addDecision(signed: SignedDecision): Promise<'added' | 'same' | 'different'> {
    const { queryId, org, decision } = signed.statement;
    const existing = await this.decisions.findOneBy({ queryId, org });
    if (!existing) {
      try {
        await this.decisions.insert(this.decisions.create({ queryId, org, decision, signed: JSON.stringify(signed) }));
        return 'added';
      } catch (error) {
        // The same decision arriving twice at once: the other insert won; compare with it.
        if (!(await this.decisions.existsBy({ queryId, org }))) throw error;
        return this.addDecision(signed);
      }
    }
    return canonicalHash(JSON.parse(existing.signed)) === canonicalHash(signed) ? 'same' : 'different';
  }

  async signedDecisions(queryId: string): Promise<SignedDecision[]> {
    const records = await this.decisions.find({ where: { queryId }, order: { org: 'ASC' } });
    return records.map((record) => JSON.parse(record.signed));
  }

  async view(id: string): Promise<QueryView | null> {
    const record = await this.queries.findOneBy({ id });
    if (!record) return null;
    const decisions = (await this.signedDecisions(id)).map(({ statement }) => ({
      org: statement.org,
      decision: statement.decision,
      reason: statement.reason,
      decidedAt: statement.decidedAt,
    }));
    return {
      id: record.id,
      queryHash: record.queryHash,
      state: record.state,
      reason: record.reason,
      envelope: JSON.parse(record.envelope),
      decisions,
      createdAt: record.createdAt.toISOString(),
      updatedAt: record.updatedAt.toISOString(),
    };
  }

  /** Every query, or one requester's, newest first: ids and states only. */
  async list(requester?: string): Promise<QuerySummary[]> {
    const records = await this.queries.find({ where: requester ? { requester } : {}, order: { createdAt: 'DESC' } });
    return records.map((r) => ({
      id: r.id,
      requester: r.requester,
      dataset: (JSON.parse(r.envelope) as QueryEnvelope).spec.dataset,
      state: r.state,
      createdAt: r.createdAt.toISOString(),
    }));
  }

  async saveRelease(table: ReleasedTable, basis: DifferencingBasis): Promise<string> {
    const tableHash = canonicalHash(table);
    await this.releases.save(
      this.releases.create({
        queryId: table.queryId,
        table: JSON.stringify(table),
        tableHash,
        dataset: basis.spec.dataset,
        differencingBasis: JSON.stringify(basis),
      }),
      NO_TRANSACTION,
    );
    this.ledgerBases.forget(table.queryId);
    return tableHash;
  }

  /** The release ledger of a dataset: every earlier release's query and true cell amounts, oldest first; internal to the coordinator. */
  async ledger(dataset: string): Promise<(DifferencingBasis & { id: string; legacy?: boolean })[]> {
    // Releases of the dataset, and every rate (its denominators may count this dataset: checked below).
    const where = [{ dataset }, { differencingBasis: Like('%"denominators":%') }];
    const records = await this.releases.find({
      select: { queryId: true, dataset: true },
      where,
      order: { releasedAt: 'ASC' },
    });
    await this.ledgerBases.read(records.map((r) => r.queryId));
    return records.flatMap((r) => {
      const basis = this.ledgerBases.get(r.queryId);
      if (!basis) return [];
      const own =
        r.dataset === dataset && basis.cells.length > 0
          ? [{ id: r.queryId, ...basis }, ...meanCountBasis(r.queryId, basis)]
          : r.dataset === dataset && isLegacyCocktail(basis)
            ? [{ id: r.queryId, ...basis, legacy: true }]
            : [];
      return [...own, ...denominatorBasis(r.queryId, basis, dataset)];
    });
  }

  async release(queryId: string): Promise<ReleasedTable | null> {
    const record = await this.releases.findOneBy({ queryId });
    // A release past its retention keeps only its hash and the ledger's record: no table to return.
    return record && !record.removedAt ? JSON.parse(record.table) : null;
  }
}
