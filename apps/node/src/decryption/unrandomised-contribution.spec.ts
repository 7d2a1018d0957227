import { join } from 'node:path';
import { AuditLog } from '@bfa/audit';
import {
  generateBoxKeyPair,
  generateSigningKeyPair,
  generateThresholdKey,
  NO_RANDOMNESS,
  PaillierEncryptor,
  ThresholdKey,
} from '@bfa/crypto';
import { expectedCiphertexts, loadPolicies } from '@bfa/policy';
import {
  AggregateDto,
  aggregateContributions,
  QueryEnvelope,
  queryHash,
  signContribution,
  signCoordinatorMessage,
  signDecision,
  SignedContributionDto,
  subjects,
} from '@bfa/protocol';
import { CoordinatorMessages } from '../keys/coordinator-messages';
import { NodeKeys } from '../keys/node-keys';
import { NodeConfig } from '../node.config';
import { ProposalStore } from '../proposals/proposal-store.service';
import { ContributionChunks } from './contribution-chunks';
import { DecryptionController } from './decryption.controller';
import { DEMO_GROUNDS } from '../../../../deploy/local/grounds';

const policies = loadPolicies(join(__dirname, '..', '..', '..', '..', 'policies'));
const HOLDERS = ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'];
const coordinator = generateSigningKeyPair();
const steward = generateSigningKeyPair();
const sterkhuisNode = generateSigningKeyPair();

/** A count of youth-care trajectories per wijk: one data holder, Sterk Huis; GGD is one of its key holders. */
function envelopeFor(key: ThresholdKey): QueryEnvelope {
  return {
    id: '5b2d3c4e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
    spec: {
      ...DEMO_GROUNDS,
      dataset: 'youth_care_trajectories',
      measure: { kind: 'count' },
      groupBy: ['wijk'],
      purpose: 'Smart Start: children in youth care per wijk',
    },
    requester: 'analyst',
    submittedAt: '2026-12-01T06:00:00.000Z',
    dataHolders: ['sterkhuis'],
    keyHolders: HOLDERS,
    keyId: key.publicKey.keyId,
    minCellSize: 10,
  };
}

/** GGD's key-holder controller, its steward's approval stored, with what it logs and keeps. */
function keyHolder(key: ThresholdKey, envelope: QueryEnvelope, benchPlaintext = false) {
  const hash = queryHash(envelope);
  const decision = signDecision(
    {
      queryId: envelope.id,
      queryHash: hash,
      org: 'ggd',
      decision: 'approve',
      reason: 'ok',
      decidedAt: '2026-12-01T06:01:00.000Z',
    },
    steward.secretKey,
  );
  const kept: unknown[] = [];
  const store = {
    find: async () => ({ queryHash: hash, decision, envelope }),
    partialDecryption: async () => (kept.length ? { aggregateHash: 'x', reply: kept[0] } : null),
    keepPartialDecryption: async (_: string, __: string, reply: unknown) => void kept.push(reply),
    countDecryption: async () => undefined,
  } as unknown as ProposalStore;
  const share = key.shares.find((s) => s.holder === 'ggd')!;
  const keys = {
    org: 'ggd',
    coordinatorMessages: new CoordinatorMessages(coordinator.publicKey),
    stewardPublicKey: () => steward.publicKey,
    heldKey: () => ({ share, encryptor: new PaillierEncryptor(key.publicKey) }),
    coordinatorBoxKey: () => generateBoxKeyPair().publicKey,
    registry: { organisations: { sterkhuis: { nodePublicKey: sterkhuisNode.publicKey } } },
  } as unknown as NodeKeys;
  const logged: { type: string; details: Record<string, unknown> }[] = [];
  const audit = { append: async (entry: never) => void logged.push(entry) } as unknown as AuditLog;
  const config = { benchPlaintext } as NodeConfig;
  const chunks = new ContributionChunks({ contributionChunksMaxBytes: 1e6, contributionChunksMaxPending: 1 });
  const controller = new DecryptionController(store, keys, policies, audit, config, chunks);
  return { controller, kept, logged, chunks };
}

describe('a key holder asked to decrypt an aggregate with a contribution sent in the clear (c ≡ 1 mod n)', () => {
  let key: ThresholdKey;
  let encryptor: PaillierEncryptor;
  beforeAll(async () => {
    key = await generateThresholdKey(512, HOLDERS, 3);
    encryptor = new PaillierEncryptor(key.publicKey);
  }, 120_000);

  /** Sterk Huis's node-signed contribution, and the coordinator's signed request for its aggregate. */
  function request(envelope: QueryEnvelope, randomised: boolean) {
    const expected = expectedCiphertexts(policies.catalog, envelope, key.publicKey);
    const counts = Array.from({ length: expected.contributors }, (_, i) => BigInt(3 + i));
    const contribution = {
      queryId: envelope.id,
      queryHash: expected.queryHash,
      org: 'sterkhuis',
      keyId: key.publicKey.keyId,
      contributors: randomised ? encryptor.encryptVector(counts) : encryptor.encryptVector(counts, NO_RANDOMNESS),
      editions: [],
    };
    const contributions = [signContribution(contribution, sterkhuisNode.secretKey)];
    const aggregate = aggregateContributions(encryptor, contributions);
    const body = { envelope, aggregate, contributions };
    return signCoordinatorMessage(subjects.partialDecryption('ggd'), body, coordinator.secretKey);
  }

  it('refuses it, naming the contribution, decrypts nothing and logs decryption.refused', async () => {
    const envelope = envelopeFor(key);
    const { controller, kept, logged } = keyHolder(key, envelope);
    const reply = await controller.decrypt(request(envelope, false));
    expect(reply).toEqual({
      ok: false,
      reason: expect.stringMatching(
        /^the aggregate of query 5b2d3c4e-\S+ is not decrypted: sterkhuis's contribution: ciphertext 0 is 1 mod n, encrypted without randomness/,
      ),
    });
    expect(kept).toEqual([]);
    expect(logged).toEqual([
      expect.objectContaining({
        type: 'decryption.refused',
        details: { reason: (reply as { reason: string }).reason },
      }),
    ]);
  });

  it('decrypts the same aggregate encrypted with randomness, or in the clear on the bench cluster', async () => {
    for (const [randomised, bench] of [
      [true, false],
      [false, true],
    ]) {
      const envelope = envelopeFor(key);
      const { controller, kept, logged } = keyHolder(key, envelope, bench);
      const reply = await controller.decrypt(request(envelope, randomised));
      expect(reply.ok).toBe(true);
      expect(kept).toHaveLength(1);
      expect(logged.map((e) => e.type)).toEqual(['decryption.performed']);
    }
  });

  it('drops the chunks sent ahead of a request that is refused, whatever the reason', async () => {
    const envelope = envelopeFor(key);
    const { controller, chunks } = keyHolder(key, envelope);
    const { contributions, aggregate } = request(envelope, true) as unknown as {
      contributions: SignedContributionDto[];
      aggregate: AggregateDto;
    };
    const batch = 'd'.repeat(32);
    const chunk = { queryId: envelope.id, batch, index: 0, contributions };
    expect(
      await controller.deliverContributions(
        signCoordinatorMessage(subjects.contributionChunk('ggd'), chunk, coordinator.secretKey),
      ),
    ).toEqual({ ok: true, value: { received: 0 } });
    expect(chunks.held().requests).toBe(1);
    const notHers = { ...envelope, keyHolders: ['gemeente', 'schoolbestuur', 'sterkhuis'] };
    const body = { envelope: notHers, aggregate, contributionChunks: { batch, count: 1 } };
    const reply = await controller.decrypt(
      signCoordinatorMessage(subjects.partialDecryption('ggd'), body, coordinator.secretKey),
    );
    expect(reply).toEqual({ ok: false, reason: `ggd is not a key holder of query ${envelope.id}` });
    expect(chunks.held()).toEqual({ requests: 0, bytes: 0 });
  });
});
