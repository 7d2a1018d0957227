import { Provider } from '@nestjs/common';
import { loadPolicies, PolicySet } from '@bfa/policy';
import { NodeKeys } from './keys/node-keys';
import { NODE_CONFIG, NodeConfig } from './node.config';

export const POLICIES = Symbol('POLICIES');
export const COORDINATOR = Symbol('COORDINATOR');

export function nodeProviders(config: NodeConfig, policies: PolicySet): Provider[] {
  return [
    { provide: NODE_CONFIG, useValue: config },
    { provide: POLICIES, useValue: policies },
    { provide: NodeKeys, useValue: NodeKeys.load(config) },
  ];
}

export function loadNodePolicies(config: NodeConfig): PolicySet {
  return loadPolicies(config.policiesDir);
}
