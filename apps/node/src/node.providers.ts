import { Provider } from '@nestjs/common';
import { accessProviders } from '@bfa/access';
import { loadPolicies, PolicySet } from '@bfa/policy';
import { NodeKeys } from './keys/node-keys';
import { NODE_CONFIG, NodeConfig } from './node.config';

export const POLICIES = Symbol('POLICIES');
export const COORDINATOR = Symbol('COORDINATOR');

export function nodeProviders(config: NodeConfig, policies: PolicySet, keys: NodeKeys): Provider[] {
  return [
    { provide: NODE_CONFIG, useValue: config },
    { provide: POLICIES, useValue: policies },
    { provide: NodeKeys, useValue: keys },
    // Only this organisation's stewards may use this node's inbox.
    ...accessProviders({
      principals: keys.registry.principals ?? {},
      organisation: config.org,
      unprovenPerMinute: config.unprovenPerMinute,
    }),
  ];
}

export function loadNodePolicies(config: NodeConfig): PolicySet {
  return loadPolicies(config.policiesDir);
}
