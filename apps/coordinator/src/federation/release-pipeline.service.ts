import { Inject, Injectable } from '@nestjs/common';
import { AuditLog } from '@bfa/audit';
import {
  canonicalHash,
  combineThresholdPartials,
  hexToBigint,
  openPlaintextPartials,
  PaillierEncryptor,
  unpackCells,
} from '@bfa/crypto';
import {
  cellGrid,
  contributionLayouts,
  contributorsProblem,
  datasetsOf,
  expectedCiphertexts,
  isRate,
  PolicySet,
  splitMagnitudes,
} from '@bfa/policy';
import { leafBounds, ReleasedEstimates, RememberedCell } from '@bfa/disclosure';
import {
  AggregateDto,
  PartialDecryption,
  PartialDecryptionDto,
  QueryEnvelope,
  Registry,
  SealedReply,
  SignedContributionDto,
  SignedDecision,
  subjects,
  aggregateContributions,
  contributionProblem,
  unencryptedContributionProblem,
} from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { COORDINATOR_BOX_KEY, COORDINATOR_CONFIG, CoordinatorConfig } from '../coordinator.config';
import { POLICIES, REGISTRY } from '../coordinator.providers';
import { QueryRegistry } from '../queries/query-registry.service';
import { NodeGateway } from './node-gateway.service';
import { QueryProgressBoard } from './query-progress.service';
import { watchKeyHolders } from './key-holder-watch';
import { gatherPartials, provenVector } from './partial-decryptions';
import { ReleaseProtection } from './release-protection.service';
import { ReleasePublisher } from './release-publisher.service';
import { MeanLeaf } from './mean-release';
import { noisyReleaseTable, ProtectedRelease } from './release-table';

const ACTOR = 'coordinator';

/**
 * Execute → combine under encryption → threshold-decrypt the aggregate → suppress → release.
 * The coordinator only ever holds ciphertexts and the combined, decrypted table it then protects.
 */
@Injectable()
export class ReleasePipeline {
  private readonly encryptor: PaillierEncryptor;

  constructor(
    private readonly nodes: NodeGateway,
    private readonly registry: QueryRegistry,
    private readonly audit: AuditLog,
    private readonly publisher: ReleasePublisher,
    private readonly progress: QueryProgressBoard,
    private readonly protection: ReleaseProtection,
    @Inject(REGISTRY) private readonly keys: Registry,
    @Inject(POLICIES) private readonly policies: PolicySet,
    @Inject(COORDINATOR_BOX_KEY) private readonly boxSecretKey: string,
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
  ) {
    this.encryptor = new PaillierEncryptor(keys.paillier);
  }

  async run(envelope: QueryEnvelope, decisions: SignedDecision[]): Promise<void> {
    try {
      const contributions = await this.execute(envelope, decisions);
      const aggregate = aggregateContributions(this.encryptor, contributions);
      const partials = await this.decrypt(envelope, contributions, aggregate);
      await this.release(envelope, partials, contributions);
    } catch (error) {
      await this.publisher.fail(envelope, error);
    } finally {
      this.progress.end(envelope.id);
    }
  }

  private async execute(envelope: QueryEnvelope, decisions: SignedDecision[]): Promise<SignedContributionDto[]> {
    await this.audit.append({
      type: 'execution.dispatched',
      queryId: envelope.id,
      actor: ACTOR,
      details: { dataHolders: envelope.dataHolders },
    });
    this.progress.start(envelope.id, 'execution', envelope.dataHolders.length);
    const ask = (org: string) =>
      this.nodes.request<SignedContributionDto>(org, subjects.execute(org), { envelope, approvals: decisions });
    const replies = await Promise.all(
      envelope.dataHolders.map((org) => this.progress.counted(envelope.id, 'execution', ask(org))),
    );
    const failed = replies.flatMap((reply) => (reply.ok ? [] : [reply]));
    const refused = failed.filter((reply) => !reply.unreachable).map((reply) => reply.reason);
    const offline = failed.filter((reply) => reply.unreachable).map((reply) => reply.reason);
    const contributions = replies.flatMap((reply) => (reply.ok ? [reply.value] : []));
    // What each holder sent is logged even when the query stops here, so the node's execution matches an entry.
    const received = replies.flatMap((reply, i) =>
      reply.ok && reply.value?.contribution
        ? [{ org: envelope.dataHolders[i], hash: canonicalHash(reply.value.contribution) }]
        : [],
    );
    // A refusal always fails the query; an offline holder only when the dataset's quorum needs it.
    const short = contributorsProblem(
      this.policies.catalog,
      envelope,
      contributions.map((c) => c.contribution.org),
    );
    const malformed = refused.length === 0 && !short ? this.contributionsProblem(envelope, contributions) : null;
    const stop =
      refused.length > 0
        ? `execution refused: ${refused.join('; ')}`
        : short
          ? `${short} (${offline.join('; ')})`
          : malformed;
    if (failed.length > 0 || stop) {
      await this.audit.append({
        type: 'execution.refused',
        queryId: envelope.id,
        actor: ACTOR,
        details: { reasons: [...refused, ...offline, ...(malformed ? [malformed] : [])], contributions: received },
      });
    }
    if (stop) throw new Refusal(stop);
    await this.audit.append({
      type: 'execution.completed',
      queryId: envelope.id,
      actor: ACTOR,
      details: { contributions: received },
    });
    return contributions;
  }

  private contributionsProblem(envelope: QueryEnvelope, contributions: SignedContributionDto[]): string | null {
    const expected = expectedCiphertexts(this.policies.catalog, envelope, this.keys.paillier);
    for (const signed of contributions) {
      const org = signed.contribution.org;
      const problem = contributionProblem(signed, {
        ...expected,
        org,
        dataset: datasetsOf(envelope.spec),
        nodePublicKey: this.keys.organisations[org]?.nodePublicKey,
      });
      if (problem) return problem;
      // A node in the bench's floor by mistake sends its cells in the clear: refused before any key holder sees them.
      const clear = this.config.benchPlaintext ? null : unencryptedContributionProblem(signed, this.modulus);
      if (clear) return clear;
    }
    return null;
  }

  private get modulus(): bigint {
    return hexToBigint(this.keys.paillier.n);
  }

  private decrypt(
    envelope: QueryEnvelope,
    contributions: SignedContributionDto[],
    aggregate: AggregateDto,
  ): Promise<PartialDecryption[]> {
    this.progress.start(envelope.id, 'decryption', envelope.keyHolders.length);
    const request = (org: string) =>
      this.nodes.request<SealedReply>(org, subjects.partialDecryption(org), { envelope, contributions, aggregate });
    const watched = watchKeyHolders(
      envelope.keyHolders,
      this.keys.paillier.threshold,
      (org) => this.nodes.presence(org, this.config.heartbeatIntervalMs),
      { intervalMs: this.config.heartbeatIntervalMs, misses: 3 },
    );
    const ask = (org: string) => this.progress.counted(envelope.id, 'decryption', watched(org, request(org)));
    const check = {
      boxSecretKey: this.boxSecretKey,
      shape: PartialDecryptionDto,
      proven: (partial: PartialDecryption) => this.proven(partial, aggregate),
    };
    return gatherPartials(envelope, this.keys.paillier.threshold, this.audit, ask, check);
  }

  /** Proven for every vector it decrypts. */
  private proven(partial: PartialDecryption, aggregate: AggregateDto): boolean {
    const key = this.keys.paillier;
    if (this.config.benchPlaintext) return true;
    return (
      provenVector(key, partial.org, aggregate.contributors, partial.contributors, partial.proofs?.contributors) &&
      (aggregate.magnitudes === undefined ||
        provenVector(key, partial.org, aggregate.magnitudes, partial.magnitudes, partial.proofs?.magnitudes))
    );
  }

  /** Suppression (frequency, dominance, complements, the release ledger's audit with every earlier release), or noise when the platform policy says so. */
  private async protect(
    envelope: QueryEnvelope,
    leaves: MeanLeaf[],
    contributedBy: string[],
    denominators: number[],
  ): Promise<ProtectedRelease & { estimates?: ReleasedEstimates; denominators?: RememberedCell[] }> {
    const noise = this.policies.platform.noise;
    if (noise) return { table: noisyReleaseTable(this.policies.catalog, envelope.spec, leaves, noise), remembered: [] };
    const earlier = await this.registry.ledger(envelope.spec.dataset);
    if (isRate(envelope.spec)) {
      const earlierDenominators = await this.registry.ledger(envelope.spec.measure.denominator!.dataset);
      return this.protection.workers.protect(
        'protectRateRelease',
        this.policies.catalog,
        envelope.spec,
        leaves,
        denominators,
        envelope.minCellSize,
        { earlier, earlierDenominators, contributedBy },
        this.policies.platform,
      );
    }
    const protect = envelope.spec.measure.kind === 'mean' ? 'protectMeanRelease' : 'protectRelease';
    return this.protection.workers.protect(
      protect,
      this.policies.catalog,
      envelope.spec,
      leaves,
      envelope.minCellSize,
      { earlier, contributedBy },
      this.policies.platform,
    );
  }

  private async release(
    envelope: QueryEnvelope,
    partials: PartialDecryption[],
    contributions: SignedContributionDto[],
  ): Promise<void> {
    const contributedBy = contributions.map((c) => c.contribution.org);
    // The bench's plaintext floor (refused at start outside its local cluster) reads the aggregate as it came.
    const open = this.config.benchPlaintext ? openPlaintextPartials : combineThresholdPartials;
    const combine = (pick: (p: PartialDecryption) => string[]) =>
      open(
        this.keys.paillier,
        partials.map((p) => ({ holder: p.org, keyId: p.keyId, values: pick(p) })),
      );
    const layouts = contributionLayouts(this.policies.catalog, envelope.spec, this.keys.paillier.bits);
    const contributors = unpackCells(
      combine((p) => p.contributors),
      layouts.contributors,
    );
    const parts = envelope.spec.measure.kind === 'mean' ? 4 : 3;
    const magnitudes =
      layouts.magnitudes &&
      splitMagnitudes(
        unpackCells(
          combine((p) => p.magnitudes ?? []),
          layouts.magnitudes,
        ),
        parts,
      );
    const grid = cellGrid(this.policies.catalog, envelope.spec.groupBy);
    const leaves = grid.map((coordinates, i) => ({
      coordinates,
      value: Number(magnitudes ? magnitudes.sums[i] : contributors[i]),
      contributors: Number(contributors[i]),
      dominance: magnitudes && leafBounds(Number(magnitudes.largest[i]), Number(magnitudes.secondLargest[i])),
      squares: magnitudes?.squares?.[i] ?? 0n,
    }));
    // A rate's vector is its numerators' grid and then its denominators': the leaves above took the numerators.
    const denominators = contributors.slice(grid.length).map(Number);
    const parties = {
      contributedBy,
      decryptedBy: partials.map((p) => p.org),
      editions: contributions.flatMap((c) => c.contribution.editions),
    };
    // The ledger is read, audited and added to in the dataset's turn: the next release of it is checked against this one.
    await this.protection.inTurn(envelope.spec, async () => {
      const {
        table,
        remembered,
        roundingBase,
        estimates,
        denominators: population,
      } = await this.protect(envelope, leaves, contributedBy, denominators);
      await this.publisher.publish(
        envelope,
        table,
        parties,
        { cells: remembered, roundingBase, ...(population ? { denominators: population } : {}) },
        estimates,
      );
    });
  }
}
