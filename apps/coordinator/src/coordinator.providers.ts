import { Provider } from '@nestjs/common';
import { ClientProxyFactory } from '@nestjs/microservices';
import { accessProviders, ACCESS_REFUSALS } from '@bfa/access';
import { loadPolicies } from '@bfa/policy';
import { Registry, subjects } from '@bfa/protocol';
import { natsTransport } from '@bfa/runtime';
import {
  COORDINATOR_BOX_KEY,
  COORDINATOR_CONFIG,
  COORDINATOR_SIGNING_KEY,
  CoordinatorConfig,
  CoordinatorIdentity,
} from './coordinator.config';
import { AccessRefusalAudit } from './audit/access-refusal-audit';
import { NODES } from './federation/node-gateway.service';

export const POLICIES = Symbol('POLICIES');
export const REGISTRY = Symbol('REGISTRY');

export function coordinatorProviders(
  config: CoordinatorConfig,
  registry: Registry,
  identity: CoordinatorIdentity,
): Provider[] {
  return [
    { provide: COORDINATOR_CONFIG, useValue: config },
    { provide: COORDINATOR_SIGNING_KEY, useValue: identity.secretKey },
    { provide: COORDINATOR_BOX_KEY, useValue: identity.boxSecretKey },
    { provide: POLICIES, useValue: loadPolicies(config.policiesDir) },
    { provide: REGISTRY, useValue: registry },
    ...accessProviders({ principals: registry.principals ?? {}, unprovenPerMinute: config.unprovenPerMinute }),
    { provide: ACCESS_REFUSALS, useClass: AccessRefusalAudit },
    // Replies arrive under the coordinator's own inbox prefix: its NATS account may not subscribe to anyone else's.
    {
      provide: NODES,
      useFactory: () =>
        ClientProxyFactory.create(
          natsTransport(config.natsUrl, 'coordinator-client', config.natsCredentials, {
            ...config.natsConnection,
            inboxPrefix: subjects.coordinatorInbox,
          }),
        ),
    },
  ];
}
