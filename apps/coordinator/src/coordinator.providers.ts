import { Provider } from '@nestjs/common';
import { ClientProxyFactory } from '@nestjs/microservices';
import { loadPolicies } from '@bfa/policy';
import { loadRegistry } from '@bfa/protocol';
import { natsTransport } from '@bfa/runtime';
import { COORDINATOR_CONFIG, CoordinatorConfig } from './coordinator.config';
import { NODES } from './federation/node-gateway.service';

export const POLICIES = Symbol('POLICIES');
export const REGISTRY = Symbol('REGISTRY');

export function coordinatorProviders(config: CoordinatorConfig): Provider[] {
  return [
    { provide: COORDINATOR_CONFIG, useValue: config },
    { provide: POLICIES, useValue: loadPolicies(config.policiesDir) },
    { provide: REGISTRY, useValue: loadRegistry(config.registryFile) },
    { provide: NODES, useFactory: () => ClientProxyFactory.create(natsTransport(config.natsUrl, 'coordinator-client')) },
  ];
}
