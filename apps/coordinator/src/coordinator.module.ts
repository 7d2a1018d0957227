import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { join } from 'node:path';
import { AUDIT_ENTITIES, AuditController, AuditModule } from '@bfa/audit';
import { HealthController, Metrics, MetricsController, Readiness } from '@bfa/runtime';
import { loadRegistry } from '@bfa/protocol';
import { AuditHeadPush } from './audit/audit-head-push';
import { AuditNodesController } from './audit/audit-nodes.controller';
import { CoordinatorConfig, coordinatorIdentity } from './coordinator.config';
import { coordinatorProviders } from './coordinator.providers';
import { PrincipalController } from './principal.controller';
import { CombinationPipeline } from './federation/combination-pipeline.service';
import { DecisionsController } from './federation/decisions.controller';
import { NodeGateway } from './federation/node-gateway.service';
import { ProtocolController } from './federation/protocol.controller';
import { ProtocolVersions } from './federation/protocol-versions';
import { QueryLifecycle } from './federation/query-lifecycle.service';
import { QueryProgressBoard } from './federation/query-progress.service';
import { QueryResume } from './federation/query-resume.service';
import { ReleasePipeline } from './federation/release-pipeline.service';
import { ProofWorkers } from './federation/proof-workers';
import { ReleaseProtection } from './federation/release-protection.service';
import { ReleasePublisher } from './federation/release-publisher.service';
import { CoordinatorMetrics } from './metrics/coordinator-metrics';
import { COORDINATOR_MIGRATIONS } from './migrations';
import { ReleaseRetention } from './retention/release-retention.service';
import { DatasetBudgetRecord } from './queries/dataset-budget.entity';
import { DecisionRecord } from './queries/decision.entity';
import { CatalogController } from './queries/catalog.controller';
import { QueriesController } from './queries/queries.controller';
import { PrivacyBudgetRecord } from './queries/privacy-budget.entity';
import { PrivacyBudgetLedger } from './queries/privacy-budget.service';
import { QueryRecord } from './queries/query.entity';
import { QueryRegistry } from './queries/query-registry.service';
import { QuerySubmission } from './queries/query-submission.service';
import { ReleaseRecord } from './queries/release.entity';

export const ENTITIES = [QueryRecord, DecisionRecord, ReleaseRecord, PrivacyBudgetRecord, DatasetBudgetRecord];

@Module({})
export class CoordinatorModule {
  static forConfig(config: CoordinatorConfig): DynamicModule {
    const identity = coordinatorIdentity(config);
    // Without its box key the coordinator could not open a single partial decryption or manifest.
    if (!identity.boxSecretKey)
      throw new Error(
        `${config.identityFile} has no boxSecretKey: the coordinator could not open the key holders' sealed partial decryptions`,
      );
    const registry = loadRegistry(config.registryFile);
    return {
      module: CoordinatorModule,
      imports: [
        TypeOrmModule.forRoot({
          type: 'sqlite',
          database: join(config.dataDir, 'coordinator.sqlite'),
          entities: [...ENTITIES, ...AUDIT_ENTITIES],
          // The schema only ever changes by a migration, run at start, each once (an upgrade keeps what is stored).
          migrations: COORDINATOR_MIGRATIONS,
          migrationsRun: true,
        }),
        TypeOrmModule.forFeature(ENTITIES),
        // Signed with the coordinator's key; it keeps every node's log head.
        AuditModule.forWriter(
          { id: 'coordinator', secretKey: identity.secretKey },
          (writer) => registry.organisations[writer]?.nodePublicKey,
        ),
      ],
      controllers: [
        HealthController,
        MetricsController,
        QueriesController,
        CatalogController,
        AuditController,
        AuditNodesController,
        PrincipalController,
        DecisionsController,
        ProtocolController,
      ],
      providers: [
        ...coordinatorProviders(config, registry, identity),
        NodeGateway,
        ProtocolVersions,
        AuditHeadPush,
        QueryRegistry,
        QuerySubmission,
        QueryLifecycle,
        QueryResume,
        ReleasePipeline,
        ReleaseProtection,
        ProofWorkers,
        CombinationPipeline,
        ReleasePublisher,
        PrivacyBudgetLedger,
        QueryProgressBoard,
        ReleaseRetention,
        Readiness,
        Metrics,
        CoordinatorMetrics,
      ],
    };
  }
}
