import { Provider } from '@nestjs/common';
import { ClientProxyFactory } from '@nestjs/microservices';
import { accessProviders, ACCESS_REFUSALS } from '@bfa/access';
import { loadPolicies } from '@bfa/policy';
import { Registry } from '@bfa/protocol';
import { natsTransport } from '@bfa/runtime';
import { COORDINATOR_CONFIG, COORDINATOR_SIGNING_KEY, CoordinatorConfig } from './coordinator.config';
import { AccessRefusalAudit } from './audit/access-refusal-audit';
import { NODES } from './federation/node-gateway.service';

export const POLICIES = Symbol('POLICIES');
export const REGISTRY = Symbol('REGISTRY');

export function coordinatorProviders(config: CoordinatorConfig, registry: Registry, signingKey: string): Provider[] {
  return [
    { provide: COORDINATOR_CONFIG, useValue: config },
    { provide: COORDINATOR_SIGNING_KEY, useValue: signingKey },
    { provide: POLICIES, useValue: loadPolicies(config.policiesDir) },
    { provide: REGISTRY, useValue: registry },
    ...accessProviders({ principals: registry.principals ?? {} }),
    { provide: ACCESS_REFUSALS, useClass: AccessRefusalAudit },
    { provide: NODES, useFactory: () => ClientProxyFactory.create(natsTransport(config.natsUrl, 'coordinator-client', config.natsCredentials)) },
  ];
}
