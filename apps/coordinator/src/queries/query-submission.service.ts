import { BadRequestException, Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditLog } from '@bfa/audit';
import { minimumCellSize } from '@bfa/disclosure';
import {
  approverRefusals,
  dataHoldersOf,
  isCocktail,
  isCohort,
  isCombination,
  PolicySet,
  queryProblems,
  rateLimitLookbackDays,
} from '@bfa/policy';
import { QueryEnvelope, QuerySpecDto, Registry, requiredApprovers, subjects } from '@bfa/protocol';
import { POLICIES, REGISTRY } from '../coordinator.providers';
import { NodeGateway } from '../federation/node-gateway.service';
import { ProtocolVersions } from '../federation/protocol-versions';
import { chargedDatasets } from './charged-datasets';
import { submittedDetails } from './submitted-details';
import { beforeCohortProblems } from '../federation/cohort-release';
import { PrivacyBudgetLedger } from './privacy-budget.service';
import { QueryRegistry } from './query-registry.service';

const ACTOR = 'coordinator';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Checks an analyst's query against the catalog and every approver's policy (the rules each node applies,
 * rate limits included), records it, and proposes it to every organisation that must approve.
 */
@Injectable()
export class QuerySubmission {
  private readonly logger = new Logger(QuerySubmission.name);

  constructor(
    private readonly registry: QueryRegistry,
    private readonly audit: AuditLog,
    private readonly nodes: NodeGateway,
    @Inject(POLICIES) private readonly policies: PolicySet,
    @Inject(REGISTRY) private readonly keys: Registry,
    private readonly budget: PrivacyBudgetLedger,
    private readonly protocol: ProtocolVersions,
  ) {}

  async submit(spec: QuerySpecDto, requester: string): Promise<QueryEnvelope> {
    const checked = [
      ...queryProblems(this.policies.catalog, spec),
      ...this.combinationProblems(spec),
      ...this.meanProblems(spec),
    ];
    const problems = checked.length > 0 ? checked : await this.beforeCohortProblems(spec, requester);
    if (problems.length > 0) {
      await this.audit.append({ type: 'query.refused', queryId: null, actor: requester, details: { problems } });
      throw new BadRequestException({ message: problems, error: 'Query refused by the catalog' });
    }
    const envelope = this.envelopeFor(spec, requester);
    const refusals = approverRefusals(
      this.policies,
      envelope,
      await this.earlierQueries(requester, new Date(envelope.submittedAt)),
    );
    if (refusals.length > 0) {
      await this.audit.append({
        type: 'query.refused',
        queryId: null,
        actor: requester,
        details: { problems: refusals },
      });
      throw new BadRequestException({ message: refusals, error: "Query refused by the organisations' policies" });
    }
    await this.chargeNoise(requester, chargedDatasets(spec));
    await this.registry.create(envelope);
    await this.audit.append({
      type: 'query.submitted',
      queryId: envelope.id,
      actor: requester,
      details: submittedDetails(this.policies.catalog, envelope),
    });
    void this.propose(envelope);
    return envelope;
  }

  /** Under a noise policy every query spends ε (or ρ) of its datasets' budgets (a combination: each dataset it reads), whoever asks; once spent, no more. */
  private async chargeNoise(analyst: string, datasets: string[]): Promise<void> {
    const noise = this.policies.platform.noise;
    if (!noise) return;
    try {
      const spent = await this.budget.chargeAll(analyst, datasets, noise);
      datasets.forEach((dataset, i) =>
        this.logger.log(
          `${dataset} has spent ${spent[i]} of its privacy budget of ${noise.budgetPerDataset} (this query: ${analyst})`,
        ),
      );
    } catch (error) {
      await this.audit.append({
        type: 'query.refused',
        queryId: null,
        actor: analyst,
        details: { problems: [(error as Error).message] },
      });
      throw error;
    }
  }

  /** The analyst's recorded queries that a rate limit can still count (a day's margin for the record's clock). */
  private async earlierQueries(requester: string, now: Date): Promise<QueryEnvelope[]> {
    const days = rateLimitLookbackDays(this.policies);
    if (days === 0) return [];
    const since = now.getTime() - (days + 1) * DAY_MS;
    const recent = (await this.registry.list(requester)).filter((query) => Date.parse(query.createdAt) > since);
    const envelopes = await Promise.all(recent.map((query) => this.registry.envelope(query.id)));
    return envelopes.filter((envelope): envelope is QueryEnvelope => envelope !== null);
  }

  /** What this federation's set-up lacks for a combination: the partners' pseudonym secret; noise or rounding for the cocktail and cohort analyses (not yet applied to them). */
  private combinationProblems(spec: QuerySpecDto): string[] {
    if (!isCombination(spec)) return [];
    return [
      ...(this.keys.pseudonyms
        ? []
        : [
            'no pseudonym secret has been shared among the partners yet (bfa keys pseudonym-ceremony): combinations cannot run',
          ]),
      ...this.suppressionOnlyProblems(spec),
    ];
  }

  /** Cocktail and cohort analyses are protected by suppression only: a noise or rounding policy refuses them. */
  private suppressionOnlyProblems(spec: QuerySpecDto): string[] {
    const combination = spec.combination!;
    const analysis = isCocktail(combination) ? 'cocktail analyses' : isCohort(combination) ? 'cohort follow-ups' : null;
    const { noise, rounding } = this.policies.platform;
    if (!analysis || (!noise && !rounding)) return [];
    return [
      `${analysis} are protected by suppression only; this platform's ${noise ? 'noise' : 'rounding'} policy does not cover them yet`,
    ];
  }

  /** A cohort's before cohort: the analyst's own released cohort query, comparable with this one. */
  private async beforeCohortProblems(spec: QuerySpecDto, requester: string): Promise<string[]> {
    const id = spec.combination?.before;
    if (id === undefined)
      return beforeCohortProblems(this.policies.catalog, spec, requester, { envelope: null, cells: null });
    const [envelope, release] = await Promise.all([this.registry.envelope(id), this.registry.release(id)]);
    return beforeCohortProblems(this.policies.catalog, spec, requester, { envelope, cells: release?.cells ?? null });
  }

  /** A mean's or rate's interval comes from true counts and sums: only a platform that suppresses (no rounding, no noise) can release it. */
  private meanProblems(spec: QuerySpecDto): string[] {
    const { noise, rounding } = this.policies.platform;
    const { kind } = spec.measure;
    if ((kind !== 'mean' && kind !== 'rate') || (!noise && !rounding)) return [];
    return [
      `a ${kind} is released only under suppression; this platform's ${noise ? 'noise' : 'rounding'} policy does not cover ${kind}s yet`,
    ];
  }

  private envelopeFor(spec: QuerySpecDto, requester: string): QueryEnvelope {
    const { catalog, platform, organisations } = this.policies;
    const dataHolders = dataHoldersOf(catalog, spec);
    const keyHolders = Object.keys(this.keys.organisations).sort();
    const participants = [...new Set([...dataHolders, ...keyHolders])];
    return {
      id: randomUUID(),
      spec: JSON.parse(JSON.stringify(spec)),
      requester,
      submittedAt: new Date().toISOString(),
      dataHolders,
      keyHolders,
      keyId: this.keys.paillier.keyId,
      minCellSize: minimumCellSize(platform.minCellSize, ...participants.map((org) => organisations[org]?.minCellSize)),
      ...(isCombination(spec) ? { pseudonymSecretId: this.keys.pseudonyms!.secretId } : {}),
    };
  }

  /** Asks every approver to review the query; at a restart again for one recorded but never proposed. */
  async propose(envelope: QueryEnvelope): Promise<void> {
    const outdated = await this.protocol.problems(envelope);
    if (outdated.length > 0) return this.refuseUnproposed(envelope, outdated);
    const orgs = requiredApprovers(envelope);
    const replies = await Promise.all(
      orgs.map((org) =>
        this.nodes.request<{ state: string; policy: { rule: string } }>(org, subjects.proposal(org), { envelope }),
      ),
    );
    const refusals = replies.flatMap((reply, i) =>
      !reply.ok ? [reply.reason] : reply.value.state === 'rejected' ? [`${orgs[i]}: ${reply.value.policy.rule}`] : [],
    );
    await this.audit.append({
      type: 'query.proposed',
      queryId: envelope.id,
      actor: ACTOR,
      details: { to: orgs, refusals },
    });
    if (
      refusals.length > 0 &&
      (await this.registry.transition(envelope.id, 'proposed', 'refused', refusals.join('; ')))
    ) {
      await this.audit.append({
        type: 'query.refused',
        queryId: envelope.id,
        actor: ACTOR,
        details: { reasons: refusals },
      });
      this.logger.warn(`query ${envelope.id} refused at proposal: ${refusals.join('; ')}`);
    }
  }

  /** A node the query reaches is too old for one of its steps: refused before any node is asked (nothing moved). */
  private async refuseUnproposed(envelope: QueryEnvelope, reasons: string[]): Promise<void> {
    if (!(await this.registry.transition(envelope.id, 'proposed', 'refused', reasons.join('; ')))) return;
    await this.audit.append({ type: 'query.refused', queryId: envelope.id, actor: ACTOR, details: { reasons } });
    this.logger.warn(`query ${envelope.id} refused before its proposal: ${reasons.join('; ')}`);
  }
}
