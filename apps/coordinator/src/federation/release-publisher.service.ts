import { Injectable, Logger, Optional } from '@nestjs/common';
import { AuditLog } from '@bfa/audit';
import { CocktailEstimates, CohortEffect } from '@bfa/combination';
import { canonicalHash } from '@bfa/crypto';
import { ProtectedTable, ReleasedEstimates } from '@bfa/disclosure';
import { ContributionEdition, QueryEnvelope, queryHash } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { CoordinatorMetrics } from '../metrics/coordinator-metrics';
import { LedgerEntry, QueryRegistry } from '../queries/query-registry.service';
import { ReleasedTable } from '../queries/released-table';
import { DisclosureRefusal } from './release-table';
import { releaseSeries } from './year-series';

const ACTOR = 'coordinator';

/** Who put data into a release and who decrypted it: shown with the table. */
export interface ReleaseParties {
  contributedBy: string[];
  decryptedBy: string[];
  /** The editions of each holder's data its signed contribution (a combination: its step's signed receipt) names. */
  editions?: ContributionEdition[];
}

const byOrgAndDataset = (a: ContributionEdition, b: ContributionEdition) =>
  a.org.localeCompare(b.org) || a.dataset.localeCompare(b.dataset) || a.edition.localeCompare(b.edition);

/** The last step of every query: the protected table is stored, the query moves to released, the audit log says so; or it fails with a reason. */
@Injectable()
export class ReleasePublisher {
  private readonly logger = new Logger(ReleasePublisher.name);

  constructor(
    private readonly registry: QueryRegistry,
    private readonly audit: AuditLog,
    @Optional() private readonly metrics?: CoordinatorMetrics,
  ) {}

  async publish(
    envelope: QueryEnvelope,
    protectedTable: ProtectedTable,
    parties: ReleaseParties,
    ledger: LedgerEntry,
    estimates?: ReleasedEstimates,
    cocktail?: CocktailEstimates,
    effect?: CohortEffect,
  ): Promise<void> {
    const { spec } = envelope;
    const series = releaseSeries(spec, protectedTable.cells);
    const table: ReleasedTable = {
      queryId: envelope.id,
      queryHash: queryHash(envelope),
      dataset: spec.dataset,
      measure: spec.measure,
      groupBy: spec.groupBy,
      filters: spec.filters ?? [],
      ...(spec.combination ? { combination: spec.combination } : {}),
      dataHolders: envelope.dataHolders,
      contributedBy: [...parties.contributedBy].sort(),
      ...(parties.editions ? { editions: [...parties.editions].sort(byOrgAndDataset) } : {}),
      keyId: envelope.keyId,
      decryptedBy: parties.decryptedBy,
      minCellSize: envelope.minCellSize,
      cells: protectedTable.cells,
      ...(series ? { series } : {}),
      protection: protectedTable.protection,
      ...(estimates ? { estimates } : {}),
      ...(cocktail ? { cocktail } : {}),
      ...(effect ? { effect } : {}),
      releasedAt: new Date().toISOString(),
    };
    await this.registry.saveRelease(table, { spec, ...ledger, contributedBy: table.contributedBy });
    await this.announce(table);
  }

  /** The stored table becomes the query's release (also after a restart between storing it and this). */
  async announce(table: ReleasedTable, resumed = false): Promise<void> {
    if (!(await this.registry.transition(table.queryId, 'executing', 'released'))) return;
    const { suppressedCells, totalCells } = table.protection;
    await this.audit.append({
      type: 'release.published',
      queryId: table.queryId,
      actor: ACTOR,
      details: {
        tableHash: canonicalHash(table),
        keyId: table.keyId,
        contributedBy: table.contributedBy,
        ...(table.editions ? { editions: table.editions.map((e) => `${e.org}/${e.dataset}/${e.edition}`) } : {}),
        decryptedBy: table.decryptedBy,
        cells: totalCells,
        suppressedCells,
        ...(resumed ? { resumed } : {}),
      },
    });
    this.logger.log(`query ${table.queryId} released: ${suppressedCells}/${totalCells} cells suppressed`);
  }

  /** A refusal's reason is told to the analyst; anything else is logged here and told as "internal error". */
  async fail(envelope: QueryEnvelope, error: unknown): Promise<void> {
    const reason = error instanceof Refusal ? error.message : 'internal error';
    if (error instanceof DisclosureRefusal) this.metrics?.disclosureRefused();
    if (!(error instanceof Refusal)) this.logger.error(`query ${envelope.id} failed: ${(error as Error).stack}`);
    await this.registry.transition(envelope.id, 'executing', 'failed', reason);
    await this.audit.append({ type: 'query.failed', queryId: envelope.id, actor: ACTOR, details: { reason } });
  }
}
