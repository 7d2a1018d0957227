import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSealedPseudonymSecret, PseudonymSecret, SealedPseudonymSecret } from '@bfa/combination';
import {
  openSealedShare,
  PaillierEncryptor,
  parsePublicKey,
  readKeyFile,
  SealedShareJson,
  ThresholdShareJson,
  VerificationKeys,
} from '@bfa/crypto';
import { Registry, loadRegistry } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { NodeConfig } from '../node.config';
import { CoordinatorMessages } from './coordinator-messages';

/** This node's own keys: its identity file (BFA_IDENTITY_FILE, apart from the data directory), written once at set-up and never copied. */
export interface NodeIdentity {
  org: string;
  /** Ed25519: signs contributions. */
  publicKey: string;
  secretKey: string;
  /** X25519: opens key shares and pseudonym secrets sealed to this node at a ceremony. */
  boxPublicKey: string;
  boxSecretKey: string;
}

export const KEY_SHARES_DIR = 'key-shares';
export const PSEUDONYM_SECRETS_DIR = 'pseudonym-secrets';

/** A key this node holds a share of: one per ceremony it took part in, so queries under an earlier key still decrypt. */
export interface HeldKey {
  share: ThresholdShareJson;
  encryptor: PaillierEncryptor;
}

/** The node's secrets (signing key, box key, key shares, pseudonym secrets) and the public registry, loaded once at start. */
export class NodeKeys {
  /** Encryption under the registry's current key. */
  readonly encryptor: PaillierEncryptor;
  /** Checks that a request comes from the coordinator, fresh and once. */
  readonly coordinatorMessages: CoordinatorMessages;

  constructor(
    readonly org: string,
    readonly registry: Registry,
    readonly signingSecretKey: string,
    readonly boxSecretKey: string,
    private readonly held: Map<string, HeldKey>,
    private readonly pseudonymSecrets: Map<string, PseudonymSecret>,
  ) {
    this.encryptor = new PaillierEncryptor(registry.paillier);
    if (!registry.coordinator?.publicKey)
      throw new Error(
        "the registry has no coordinator key: the node could not tell the coordinator's requests from anyone else's",
      );
    this.coordinatorMessages = new CoordinatorMessages(registry.coordinator.publicKey);
  }

  /** The key new queries are encrypted under. */
  get keyId(): string {
    return this.registry.paillier.keyId;
  }

  /** The share of `keyId`, with the registry's verification keys when it is the current key (older keys have none published). */
  heldKey(keyId: string): HeldKey & { verification?: VerificationKeys } {
    const held = this.held.get(keyId);
    if (!held) throw new Refusal(`${this.org} holds no share of key ${keyId}`);
    return {
      ...held,
      verification: this.registry.paillier.keyId === keyId ? this.registry.paillier.verification : undefined,
    };
  }

  /** One per pseudonym ceremony this node took part in, so queries under an earlier secret still match. */
  pseudonymSecret(secretId: string): PseudonymSecret {
    const secret = this.pseudonymSecrets.get(secretId);
    if (!secret) throw new Refusal(`${this.org} holds no pseudonym secret ${secretId}`);
    return secret;
  }

  /** The coordinator's X25519 key: partial decryptions are sealed to it, never sent in the clear. */
  coordinatorBoxKey(): string {
    const key = this.registry.coordinator?.boxPublicKey;
    if (!key)
      throw new Refusal(
        'the registry has no coordinator box key (coordinator.boxPublicKey): partial decryptions are never sent unsealed',
      );
    return key;
  }

  /** Why this node can't decrypt under the registry's key, if it is a holder without an opened share of it (after a key ceremony, before its sealed share is installed). */
  keyShareProblem(): string | undefined {
    const { keyId, holders } = this.registry.paillier;
    if (!holders.includes(this.org) || this.held.has(keyId)) return undefined;
    return `key share not opened: ${this.org} is a holder of the registry's key ${keyId} but has no sealed share of it in ${KEY_SHARES_DIR}/`;
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
    const identity = readKeyFile<NodeIdentity>(config.identityFile, config.identityPassphrase);
    if (identity.org !== config.org) throw new Error(`${config.identityFile} is not ${config.org}'s identity`);
    const held = loadSealedShares(join(config.dataDir, KEY_SHARES_DIR), identity);
    // A holder without its share of the current key still starts (it can execute); /health/ready says what is missing.
    const pseudonymSecrets = loadPseudonymSecrets(join(config.dataDir, PSEUDONYM_SECRETS_DIR), identity);
    if (registry.pseudonyms?.holders.includes(config.org) && !pseudonymSecrets.has(registry.pseudonyms.secretId)) {
      throw new Error(
        `${config.org} is a holder of the registry's pseudonym secret ${registry.pseudonyms.secretId} but has no sealed copy of it in ${PSEUDONYM_SECRETS_DIR}/`,
      );
    }
    return new NodeKeys(config.org, registry, identity.secretKey, identity.boxSecretKey, held, pseudonymSecrets);
  }
}

function loadSealedShares(dir: string, identity: NodeIdentity): Map<string, HeldKey> {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.sealed.json')) : [];
  const held = new Map<string, HeldKey>();
  for (const file of files) {
    const sealed = JSON.parse(readFileSync(join(dir, file), 'utf8')) as SealedShareJson;
    let share: ThresholdShareJson;
    try {
      share = openSealedShare(sealed, identity.boxSecretKey);
    } catch (error) {
      throw new Error(`${KEY_SHARES_DIR}/${file}: ${(error as Error).message}`);
    }
    if (share.holder !== identity.org)
      throw new Error(`${KEY_SHARES_DIR}/${file} is ${share.holder}'s share, not ${identity.org}'s`);
    held.set(share.keyId, {
      share,
      encryptor: new PaillierEncryptor(parsePublicKey({ keyId: share.keyId, n: share.n })),
    });
  }
  return held;
}

/** Every pseudonym secret sealed to this node, by id: one that doesn't open, or is another holder's, stops the start. */
export function loadPseudonymSecrets(dir: string, identity: NodeIdentity): Map<string, PseudonymSecret> {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.sealed.json')) : [];
  const secrets = new Map<string, PseudonymSecret>();
  for (const file of files) {
    const sealed = JSON.parse(readFileSync(join(dir, file), 'utf8')) as SealedPseudonymSecret;
    if (sealed.holder !== identity.org)
      throw new Error(`${PSEUDONYM_SECRETS_DIR}/${file} is ${sealed.holder}'s pseudonym secret, not ${identity.org}'s`);
    try {
      secrets.set(sealed.secretId, openSealedPseudonymSecret(sealed, identity.boxSecretKey));
    } catch (error) {
      throw new Error(`${PSEUDONYM_SECRETS_DIR}/${file}: ${(error as Error).message}`);
    }
  }
  return secrets;
}
