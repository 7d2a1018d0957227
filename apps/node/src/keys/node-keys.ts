import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PaillierEncryptor, parseThresholdShare, ThresholdShareJson } from '@bfa/crypto';
import { Registry, loadRegistry } from '@bfa/protocol';
import { NodeConfig } from '../node.config';

/** The node's secrets (its signing key and its key share) and the public registry, loaded once at start. */
export class NodeKeys {
  readonly encryptor: PaillierEncryptor;

  constructor(
    readonly org: string,
    readonly registry: Registry,
    readonly signingSecretKey: string,
    readonly keyShare: ThresholdShareJson,
  ) {
    this.encryptor = new PaillierEncryptor(registry.paillier);
  }

  get keyId(): string {
    return this.registry.paillier.keyId;
  }

  stewardPublicKey(): string {
    return this.publicKeysOf(this.org).stewardPublicKey;
  }

  publicKeysOf(org: string): Registry['organisations'][string] {
    const keys = this.registry.organisations[org];
    if (!keys) throw new Error(`organisation "${org}" is not in the registry`);
    return keys;
  }

  static load(config: NodeConfig): NodeKeys {
    const registry = loadRegistry(config.registryFile);
    const identity = JSON.parse(readFileSync(join(config.dataDir, 'node-identity.json'), 'utf8'));
    const share = parseThresholdShare(JSON.parse(readFileSync(join(config.dataDir, 'key-share.json'), 'utf8')));
    if (identity.org !== config.org || share.holder !== config.org) throw new Error(`key files in ${config.dataDir} are not ${config.org}'s`);
    if (share.keyId !== registry.paillier.keyId) throw new Error(`key share ${share.keyId} is not for the registry's key ${registry.paillier.keyId}`);
    return new NodeKeys(config.org, registry, identity.secretKey, share);
  }
}
