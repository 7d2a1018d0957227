import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditLog } from '@bfa/audit';
import {
  CombinationCell,
  CombinationManifest,
  CombinationQuery,
  combinationHops,
  combinationQueryOf,
  readCombinationResult,
  readMarginParts,
  SealedHopHeader,
} from '@bfa/combination';
import { cohortEffectOf, earlierCohorts, HeldCohort } from './cohort-release';
import { canonicalHash, combineThresholdPartials } from '@bfa/crypto';
import { cellGrid, CombinationQuerySpec, isCocktail, isCohort, PolicySet } from '@bfa/policy';
import {
  CombinationManifestDto,
  CombinationPartial,
  CombinationPartialDto,
  ContributionEdition,
  HopHeaderDto,
  openSealedReply,
  QueryEnvelope,
  Registry,
  SealedReply,
  SignedDecision,
  subjects,
  unrandomisedProblem,
  validateMessage,
} from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { COORDINATOR_BOX_KEY, COORDINATOR_CONFIG, CoordinatorConfig } from '../coordinator.config';
import { POLICIES, REGISTRY } from '../coordinator.providers';
import { QueryRegistry } from '../queries/query-registry.service';
import { NodeGateway } from './node-gateway.service';
import { QueryProgressBoard } from './query-progress.service';
import { gatherPartials } from './partial-decryptions';
import { gatherPartialQuorum, lateDisagreement, PartialQuorum } from './partial-quorum';
import { ProofWorkers } from './proof-workers';
import { ReleaseProtection } from './release-protection.service';
import { ReleasePublisher } from './release-publisher.service';
import { watchKeyHolders } from './key-holder-watch';
import { watchStep } from './step-watch';
import { combinationEditions, nodeSigningKeys } from './combination-editions';
import { noisyCombinationTable } from './combination-noise';
import { fetchedChunk, olderRelay } from './hop-chunks';
import { relayHop } from './hop-relay';
import { Announced, hopPath, transferReport } from './hop-transfer';
import { ProtocolVersions } from './protocol-versions';

const ACTOR = 'coordinator';

type Step = (org: string) => string;

/**
 * A combination query from the approvals to the release: the population holder starts, each factor holder
 * applies its factor, the population holder finishes with a signed manifest; each hop goes from partner to partner
 * as the coordinator authorises it (or, with a partner of before protocol version 4, through the coordinator, chunk
 * by chunk), never opened on the way; then the coordinator has the manifest's aggregates threshold-decrypted.
 */
@Injectable()
export class CombinationPipeline {
  private readonly logger = new Logger(CombinationPipeline.name);

  constructor(
    private readonly nodes: NodeGateway,
    private readonly audit: AuditLog,
    private readonly publisher: ReleasePublisher,
    private readonly registry: QueryRegistry,
    private readonly progress: QueryProgressBoard,
    private readonly protection: ReleaseProtection,
    private readonly proofs: ProofWorkers,
    private readonly versions: ProtocolVersions,
    @Inject(REGISTRY) private readonly keys: Registry,
    @Inject(POLICIES) private readonly policies: PolicySet,
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(COORDINATOR_BOX_KEY) private readonly boxSecretKey: string,
  ) {}

  async run(envelope: QueryEnvelope, approvals: SignedDecision[]): Promise<void> {
    try {
      // The threads its release needs start while the chain runs, not on the release's path (≈ 0.1–0.3 s each).
      this.proofs.warm(this.keys.paillier);
      this.protection.workers.warm();
      const query = combinationQueryOf(this.policies.catalog, envelope);
      const { manifest, editions } = await this.chain(envelope, approvals, query);
      const { partials, late } = await this.decrypt(envelope, manifest);
      // The key holders not among the first t are checked and logged meanwhile (partial-quorum.ts); it never throws.
      void late.then((others) => this.crossCheckLate(envelope, partials, others)).catch(() => undefined);
      await this.release(envelope, query, manifest, partials, editions);
    } catch (error) {
      await this.publisher.fail(envelope, error);
    } finally {
      this.progress.end(envelope.id);
    }
  }

  private async chain(
    envelope: QueryEnvelope,
    approvals: SignedDecision[],
    query: CombinationQuery,
  ): Promise<{ manifest: CombinationManifest; editions: ContributionEdition[] }> {
    const hops = combinationHops(query);
    await this.audit.append({
      type: 'execution.dispatched',
      queryId: envelope.id,
      actor: ACTOR,
      details: { dataHolders: envelope.dataHolders, chain: hops.map((h) => `${h.from}→${h.to}`) },
    });
    const performed: { org: string; hash: string }[] = [];
    this.progress.start(envelope.id, 'hops', hops.length);
    try {
      const manifest = await this.walk(envelope, approvals, query, hops, performed);
      // The manifest carries every step's receipt; each names, under its sender's signature, the editions it read.
      const editions = combinationEditions(
        this.policies.catalog,
        envelope.spec,
        query,
        manifest.receipts,
        nodeSigningKeys(this.keys),
      );
      await this.audit.append({
        type: 'execution.completed',
        queryId: envelope.id,
        actor: ACTOR,
        details: {
          contributions: performed,
          records: manifest.records,
          withheldCells: manifest.withheld.length,
          aggregates: manifest.aggregates.length,
        },
      });
      return { manifest, editions };
    } catch (error) {
      // The steps that were performed before the chain stopped are logged, so each partner's entry has its match.
      const reason = error instanceof Refusal ? error.message : 'internal error';
      await this.audit.append({
        type: 'execution.refused',
        queryId: envelope.id,
        actor: ACTOR,
        details: { reasons: [reason], contributions: performed },
      });
      throw error;
    }
  }

  private async walk(
    envelope: QueryEnvelope,
    approvals: SignedDecision[],
    query: CombinationQuery,
    hops: ReturnType<typeof combinationHops>,
    performed: { org: string; hash: string }[],
  ): Promise<CombinationManifest> {
    const versions = await this.chainVersions(query);
    let header = await this.hop(query.populationHolder, subjects.combinationStart, { envelope, approvals });
    for (const expected of hops) {
      if (header.step !== expected.step || header.from !== expected.from || header.to !== expected.to) {
        throw new Refusal(
          `${expected.from} sealed step ${header.step} to ${header.to}; the chain's step ${expected.step} goes to ${expected.to}`,
        );
      }
      performed.push({ org: header.from, hash: canonicalHash(header.receipts[header.receipts.length - 1]) });
      await this.transfer(header, versions);
      this.progress.tick(envelope.id, 'hops');
      if (expected.to !== query.populationHolder) {
        header = await this.hop(expected.to, subjects.combinationApply, { envelope, approvals, hop: header });
        continue;
      }
      const finished = await this.ask(
        query.populationHolder,
        subjects.combinationFinish,
        { envelope, approvals, hop: header },
        this.config.combinationStepTimeoutMs,
      );
      const manifest = await this.openManifest(envelope, query.populationHolder, finished);
      performed.push({ org: query.populationHolder, hash: canonicalHash(manifest) });
      return manifest;
    }
    throw new Refusal(`the chain of combination ${envelope.id} does not end at its population holder`);
  }

  /** The population holder seals its manifest to the coordinator (per-cell counts, small cells included): opened, bound to this query, validated. */
  private async openManifest(envelope: QueryEnvelope, org: string, finished: unknown): Promise<CombinationManifest> {
    try {
      const opened = openSealedReply(finished, this.boxSecretKey, { queryId: envelope.id, keyId: envelope.keyId, org });
      const manifest = validateMessage(CombinationManifestDto, opened) as CombinationManifest;
      // Only the bench's own cluster (refused at start anywhere else) may take aggregates sent in the clear.
      const clear = this.config.benchPlaintext
        ? null
        : unrandomisedProblem(org, 'aggregates', this.keys.paillier, manifest.aggregates);
      if (clear) throw new Error(clear);
      return manifest;
    } catch (error) {
      // Logged as execution.refused by the chain's catch, with the steps performed before.
      throw new Refusal(`combination stopped: ${org}'s manifest is refused: ${(error as Error).message}`);
    }
  }

  private async hop(org: string, step: Step, payload: object): Promise<SealedHopHeader> {
    return validateMessage(HopHeaderDto, await this.ask(org, step, payload, this.config.combinationStepTimeoutMs));
  }

  /** What each partner of the chain announces, asked once before the chain starts: it decides how each hop travels. */
  private async chainVersions(query: CombinationQuery): Promise<Map<string, Announced>> {
    const orgs = [...new Set([query.populationHolder, ...query.factorHolders])];
    const announced = await Promise.all(orgs.map((org) => this.versions.announced(org)));
    return new Map(orgs.map((org, i) => [org, announced[i]]));
  }

  private async transfer(header: SealedHopHeader, versions: Map<string, Announced>): Promise<void> {
    const path = hopPath(versions.get(header.from) ?? null, versions.get(header.to) ?? null);
    return path === 'direct' ? this.sendDirect(header) : this.relay(header);
  }

  /**
   * Protocol version 4: one signed request to the sender, which pushes its chunks to the recipient itself, each with
   * this request as the authorisation; it answers once the recipient acknowledged every chunk (hop-push.ts of the node).
   */
  private async sendDirect(header: SealedHopHeader): Promise<void> {
    const { queryId, step, from, to } = header;
    const sent = await this.ask(from, subjects.hopSend, { queryId, step, to }, this.config.combinationStepTimeoutMs);
    const report = transferReport(from, sent, header.chunks);
    this.logger.log(
      `combination ${queryId}: step ${step} ${from}→${to} transferred, ${report.chunks} chunks, ${(report.bytes / 1e6).toFixed(1)} MB in ${report.seconds.toFixed(2)} s (from partner to partner, as ${from} timed it)`,
    );
  }

  /**
   * Chunk by chunk, so the coordinator never holds a whole hop (≈ 53 MB at 100,000 children): fetched from the sender
   * and delivered to the recipient in binary frames (hop-relay.ts).
   */
  private async relay(header: SealedHopHeader): Promise<void> {
    const { queryId, step, from, to } = header;
    const timing = await relayHop(header.chunks, {
      fetch: async (index) => {
        const { value, bytes } = await this.askFramed(from, subjects.hopChunkFetch, {
          queryId,
          step,
          index,
          wire: 'binary',
        });
        return fetchedChunk(from, index, value, bytes);
      },
      deliver: async (index, chunk) => {
        await this.askFramed(to, subjects.hopChunkDeliver, { queryId, step, index, chunk: chunk.header }, chunk.bytes);
      },
    });
    this.logger.log(
      `combination ${queryId}: step ${step} ${from}→${to} relayed, ${timing.chunks} chunks, ${(timing.bytes / 1e6).toFixed(1)} MB in ${timing.seconds.toFixed(2)} s (fetching ${timing.fetchSeconds.toFixed(2)} s, delivering ${timing.deliverSeconds.toFixed(2)} s)`,
    );
  }

  /** A relay request, watched like every step's; a refusal that an older node's relay gives says so. */
  private async askFramed(
    org: string,
    step: Step,
    payload: object,
    bytes?: Buffer,
  ): Promise<{ value: unknown; bytes?: Buffer }> {
    const presence = () => this.nodes.presence(org, this.config.heartbeatIntervalMs);
    const sent = this.nodes.requestFramed<unknown>(org, step(org), payload, bytes);
    const { reply, bytes: received } = await watchStep(org, sent, presence, {
      intervalMs: this.config.heartbeatIntervalMs,
      misses: 3,
    });
    if (reply.ok) return { value: reply.value, bytes: received };
    throw new Refusal(`combination stopped: ${reply.reason}${olderRelay(org, reply.reason)}`);
  }

  /** One request of the chain, its node watched while it runs; any refusal, silence or node gone fails the query (there is no quorum in a chain). */
  private async ask(org: string, step: Step, payload: object, timeoutMs?: number): Promise<unknown> {
    const presence = () => this.nodes.presence(org, this.config.heartbeatIntervalMs);
    const reply = await watchStep(org, this.nodes.request<unknown>(org, step(org), payload, timeoutMs), presence, {
      intervalMs: this.config.heartbeatIntervalMs,
      misses: 3,
    });
    if (reply.ok) return reply.value;
    throw new Refusal(`combination stopped: ${reply.reason}`);
  }

  private async decrypt(
    envelope: QueryEnvelope,
    manifest: CombinationManifest,
  ): Promise<PartialQuorum<CombinationPartial>> {
    this.progress.start(envelope.id, 'decryption', envelope.keyHolders.length);
    const request = (org: string) =>
      this.nodes.request<SealedReply>(org, subjects.combinationDecryption(org), { envelope, manifest });
    const key = this.keys.paillier;
    const watched = watchKeyHolders(
      envelope.keyHolders,
      key.threshold,
      (org) => this.nodes.presence(org, this.config.heartbeatIntervalMs),
      { intervalMs: this.config.heartbeatIntervalMs, misses: 3 },
    );
    const ask = (org: string) => this.progress.counted(envelope.id, 'decryption', watched(org, request(org)));
    const proven = (partial: CombinationPartial) =>
      this.proofs.proven(key, partial.org, manifest.aggregates, partial.values, partial.proof);
    const check = { boxSecretKey: this.boxSecretKey, shape: CombinationPartialDto, proven };
    // Without proofs every partial is awaited: those beyond t are the check of the others.
    if (!key.verification)
      return {
        partials: await gatherPartials(envelope, key.threshold, this.audit, ask, check),
        late: Promise.resolve([]),
      };
    return gatherPartialQuorum(envelope, key.threshold, this.audit, ask, check);
  }

  private async release(
    envelope: QueryEnvelope,
    query: CombinationQuery,
    manifest: CombinationManifest,
    partials: CombinationPartial[],
    editions: ContributionEdition[],
  ): Promise<void> {
    const { cells, margins } = this.read(query, manifest, partials);
    if (isCocktail(envelope.spec.combination!)) return this.releaseCocktail(envelope, cells, partials, editions);
    if (isCohort(envelope.spec.combination!)) return this.releaseCohort(envelope, cells, partials, editions);
    const grid = cellGrid(this.policies.catalog, envelope.spec.groupBy);
    const leaves = grid.map((coordinates, i) => ({
      coordinates,
      count: cells[i].withheld ? null : cells[i].count!,
      children: cells[i].records,
    }));
    const { catalog, platform } = this.policies;
    const by = { contributedBy: envelope.dataHolders, decryptedBy: partials.map((p) => p.org), editions };
    await this.protection.inTurn(envelope.spec, async () => {
      if (platform.noise && margins) {
        const noisy = noisyCombinationTable(
          catalog,
          envelope.spec,
          leaves,
          margins,
          platform.noise,
          envelope.minCellSize,
        );
        return this.publisher.publish(envelope, noisy, by, { cells: [] });
      }
      const ledger = {
        earlier: await this.registry.ledger(envelope.spec.dataset),
        contributedBy: envelope.dataHolders,
      };
      const { table, remembered, roundingBase } = margins
        ? await this.protection.workers.protect(
            'protectCombinationMargins',
            catalog,
            envelope.spec,
            leaves,
            margins,
            envelope.minCellSize,
            ledger,
            platform,
          )
        : await this.protection.workers.protect(
            'protectCombinationRelease',
            catalog,
            envelope.spec,
            leaves,
            envelope.minCellSize,
            ledger,
            platform,
          );
      await this.publisher.publish(envelope, table, by, { cells: remembered, roundingBase });
    });
  }

  /**
   * A cocktail table: every count of the grid × pattern (or number of factors) × outcome table and its totals
   * under the frequency rule with complementary suppression and the release ledger of the population's dataset,
   * then the estimates from released counts only.
   */
  private async releaseCocktail(
    envelope: QueryEnvelope,
    cells: CombinationCell[],
    partials: CombinationPartial[],
    editions: ContributionEdition[],
  ): Promise<void> {
    const spec = envelope.spec as CombinationQuerySpec;
    await this.protection.inTurn(spec, async () => {
      const ledger = { earlier: await this.registry.ledger(spec.dataset), contributedBy: envelope.dataHolders };
      const { table, remembered, estimates } = await this.protection.workers.protect(
        'protectCocktailRelease',
        this.policies.catalog,
        spec,
        cells,
        envelope.minCellSize,
        ledger,
        this.policies.platform,
      );
      await this.publisher.publish(
        envelope,
        table,
        { contributedBy: envelope.dataHolders, decryptedBy: partials.map((p) => p.org), editions },
        { cells: remembered },
        undefined,
        estimates,
      );
    });
  }

  /**
   * A cohort: arm × outcome counts under the frequency rule with complementary suppression, then the risks per arm and,
   * with a before cohort named, the difference in differences from both releases' published counts only.
   * Audited by the release ledger with every earlier release of its dataset (cohort-ledger.ts).
   */
  private async releaseCohort(
    envelope: QueryEnvelope,
    cells: CombinationCell[],
    partials: CombinationPartial[],
    editions: ContributionEdition[],
  ): Promise<void> {
    const spec = envelope.spec as CombinationQuerySpec;
    await this.protection.inTurn(spec, async () => {
      const ledger = { earlier: await this.registry.ledger(spec.dataset), contributedBy: envelope.dataHolders };
      const { table, remembered } = await this.protection.workers.protect(
        'protectCohortRelease',
        this.policies.catalog,
        spec,
        cells,
        envelope.minCellSize,
        ledger,
        this.policies.platform,
      );
      const id = spec.combination.before;
      const [earlier, released] = id
        ? await Promise.all([this.registry.envelope(id), this.registry.release(id)])
        : [null, null];
      if (id && (!earlier || !released)) throw new Refusal(`the before cohort ${id} is no longer released`);
      const before = earlier && released ? { envelope: earlier, cells: released.cells } : undefined;
      const effect = cohortEffectOf(
        this.policies.catalog,
        envelope,
        table.cells,
        before,
        before ? await earlierCohorts(before.envelope, (cohort) => this.heldCohort(cohort)) : [],
      );
      await this.publisher.publish(
        envelope,
        table,
        { contributedBy: envelope.dataHolders, decryptedBy: partials.map((p) => p.org), editions },
        { cells: remembered },
        undefined,
        undefined,
        effect,
      );
    });
  }

  /** A released query's envelope and published cells, null where either is gone. */
  private async heldCohort(id: string): Promise<HeldCohort | null> {
    const [envelope, released] = await Promise.all([this.registry.envelope(id), this.registry.release(id)]);
    return envelope && released ? { envelope, cells: released.cells } : null;
  }

  /**
   * The second net of the t + 1 partials, after the release: a later proven partial combined with the first ones must
   * give the same plaintexts (combineThresholdPartials compares two subsets), else the disagreement is logged.
   */
  private async crossCheckLate(
    envelope: QueryEnvelope,
    first: CombinationPartial[],
    later: CombinationPartial[],
  ): Promise<void> {
    const problem = lateDisagreement(this.keys.paillier, first, later);
    if (problem)
      await this.audit
        .append({
          type: 'decryption.refused',
          queryId: envelope.id,
          actor: ACTOR,
          details: { reasons: [problem], answered: [...first, ...later].map((p) => p.org), late: true },
        })
        .catch(() => undefined);
  }

  /** The unprotected per-cell counts and per margin the sum over its withheld cells: combined here, never logged nor stored, protected before anything leaves. */
  private read(
    query: CombinationQuery,
    manifest: CombinationManifest,
    partials: CombinationPartial[],
  ): { cells: CombinationCell[]; margins?: (number | null)[] } {
    const plaintexts = combineThresholdPartials(
      this.keys.paillier,
      partials.map((p) => ({ holder: p.org, keyId: p.keyId, values: p.values })),
    );
    try {
      const cells = readCombinationResult(query, manifest, plaintexts, this.keys.paillier);
      return {
        cells,
        margins: query.margins ? readMarginParts(query, manifest, plaintexts, this.keys.paillier) : undefined,
      };
    } catch (error) {
      throw new Refusal(`the decrypted combination does not add up: ${(error as Error).message}`);
    }
  }
}
