import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ClientProxyFactory } from '@nestjs/microservices';
import { TypeOrmModule } from '@nestjs/typeorm';
import { join } from 'node:path';
import { AUDIT_ENTITIES, AuditController, AuditModule } from '@bfa/audit';
import { subjects } from '@bfa/protocol';
import { RECORD_MIGRATIONS } from '@bfa/records';
import { HealthController, Metrics, MetricsController, natsTransport, Readiness } from '@bfa/runtime';
import { AuditHeadController } from './audit/audit-head.controller';
import { AuditHeadInterceptor } from './audit/audit-head.interceptor';
import { DataEditionsLog } from './audit/data-editions-log';
import { CombinationController } from './combination/combination.controller';
import { CombinationRuns } from './combination/combination-runs';
import { PushedTransfers } from './combination/pushed-transfers';
import { CombinationWorkers } from './combination/combination-workers';
import { CombinationDecryptionController } from './decryption/combination-decryption.controller';
import { ContributionChunks } from './decryption/contribution-chunks';
import { DecryptionController } from './decryption/decryption.controller';
import { DatasetUse } from './execution/dataset-use';
import { ExecutionController } from './execution/execution.controller';
import { RECORDS } from './execution/records';

import { CoordinatorVersion } from './health/coordinator-version';
import { HeartbeatController } from './health/heartbeat.controller';
import { NodeKeys } from './keys/node-keys';
import { NodeMetrics } from './metrics/node-metrics';
import { NODE_MIGRATIONS } from './migrations';
import { NodeConfig } from './node.config';
import { COORDINATOR, loadNodePolicies, nodeProviders } from './node.providers';
import { ProposalRecord } from './proposals/proposal.entity';
import { ProposalStore } from './proposals/proposal-store.service';
import { ProposalsController } from './proposals/proposals.controller';
import { StewardController } from './steward/steward.controller';
import { DecisionOutbox } from './steward/decision-outbox';
import { StewardDataController } from './steward/steward-data.controller';
import { StewardService } from './steward/steward.service';
import { RandomizerSupply } from './precompute/randomizer-supply';
import { RandomizersController } from './precompute/randomizers.controller';

@Module({})
export class NodeModule {
  static forConfig(config: NodeConfig): DynamicModule {
    const keys = NodeKeys.load(config);
    return {
      module: NodeModule,
      imports: [
        TypeOrmModule.forRoot({
          type: 'sqlite',
          database: join(config.dataDir, 'node-state.sqlite'),
          entities: [ProposalRecord, ...AUDIT_ENTITIES],
          // The schema only ever changes by a migration, run at start, each once (an upgrade keeps what is stored).
          migrations: NODE_MIGRATIONS,
          migrationsRun: true,
        }),
        // The partner's own records: read with catalog-checked aggregate SQL only, never written.
        // It waits for an import of another dataset committing, instead of failing with "database is locked".
        TypeOrmModule.forRoot({
          name: RECORDS,
          type: 'sqlite',
          database: join(config.dataDir, 'records.sqlite'),
          entities: [],
          busyTimeout: 60_000,
          // Its indexes only: a store imported by an older version gets the covering indexes for sums at start.
          migrations: RECORD_MIGRATIONS,
          migrationsRun: true,
        }),
        TypeOrmModule.forFeature([ProposalRecord]),
        // The node's own log of what it was asked and answered, signed with its node key; it keeps the coordinator's log head.
        AuditModule.forWriter({ id: config.org, secretKey: keys.signingSecretKey }, (writer) =>
          writer === 'coordinator' ? keys.registry.coordinator?.publicKey : undefined,
        ),
      ],
      controllers: [
        HealthController,
        MetricsController,
        ProposalsController,
        StewardController,
        StewardDataController,
        ExecutionController,
        DecryptionController,
        CombinationController,
        CombinationDecryptionController,
        AuditController,
        AuditHeadController,
        RandomizersController,
        HeartbeatController,
      ],
      providers: [
        ...nodeProviders(config, loadNodePolicies(config), keys),
        ProposalStore,
        StewardService,
        DecisionOutbox,
        CombinationRuns,
        PushedTransfers,
        ContributionChunks,
        CombinationWorkers,
        RandomizerSupply,
        DataEditionsLog,
        Readiness,
        Metrics,
        NodeMetrics,
        CoordinatorVersion,
        DatasetUse,
        { provide: APP_INTERCEPTOR, useClass: AuditHeadInterceptor },
        {
          provide: COORDINATOR,
          useFactory: () =>
            ClientProxyFactory.create(
              natsTransport(config.natsUrl, `node-${config.org}-client`, config.natsCredentials, {
                ...config.natsConnection,
                inboxPrefix: subjects.nodeInbox(config.org),
              }),
            ),
        },
      ],
    };
  }
}
