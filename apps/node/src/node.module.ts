import { DynamicModule, Module } from '@nestjs/common';
import { ClientProxyFactory } from '@nestjs/microservices';
import { TypeOrmModule } from '@nestjs/typeorm';
import { join } from 'node:path';
import { HealthController, natsTransport } from '@bfa/runtime';
import { DecryptionController } from './decryption/decryption.controller';
import { ExecutionController, RECORDS } from './execution/execution.controller';

import { NodeConfig } from './node.config';
import { COORDINATOR, loadNodePolicies, nodeProviders } from './node.providers';
import { ProposalRecord } from './proposals/proposal.entity';
import { ProposalStore } from './proposals/proposal-store.service';
import { ProposalsController } from './proposals/proposals.controller';
import { StewardController } from './steward/steward.controller';
import { StewardService } from './steward/steward.service';

@Module({})
export class NodeModule {
  static forConfig(config: NodeConfig): DynamicModule {
    return {
      module: NodeModule,
      imports: [
        TypeOrmModule.forRoot({
          type: 'sqlite',
          database: join(config.dataDir, 'node-state.sqlite'),
          entities: [ProposalRecord],
          synchronize: true,
        }),
        // The partner's own records: read with catalog-checked aggregate SQL only, never written.
        TypeOrmModule.forRoot({ name: RECORDS, type: 'sqlite', database: join(config.dataDir, 'records.sqlite'), entities: [] }),
        TypeOrmModule.forFeature([ProposalRecord]),
      ],
      controllers: [HealthController, ProposalsController, StewardController, ExecutionController, DecryptionController],
      providers: [
        ...nodeProviders(config, loadNodePolicies(config)),
        ProposalStore,
        StewardService,
        { provide: COORDINATOR, useFactory: () => ClientProxyFactory.create(natsTransport(config.natsUrl, `node-${config.org}-client`)) },
      ],
    };
  }
}
