import { join } from 'node:path';
import {
  generateSigningKeyPair,
  generateThresholdKey,
  NO_RANDOMNESS,
  PaillierEncryptor,
  ThresholdKey,
} from '@bfa/crypto';
import { expectedCiphertexts, loadPolicies } from '@bfa/policy';
import { QueryEnvelope, queryHash, signContribution, SignedContributionDto } from '@bfa/protocol';
import { ReleasePipeline } from './release-pipeline.service';

const policies = loadPolicies(join(__dirname, '..', '..', '..', '..', 'policies'));
const node = generateSigningKeyPair();

/**
 * A node started with BFA_BENCH_PLAINTEXT by mistake (its data folder under some .data/bench/, its NATS a leaf
 * server on its own loopback) encrypts with r = 1: the coordinator outside the bench refuses its contribution
 * before any key holder is sent it, so the query fails at once with the reason instead of running in the clear.
 */
describe('the coordinator, given a contribution sent in the clear', () => {
  let key: ThresholdKey;
  let envelope: QueryEnvelope;
  beforeAll(async () => {
    key = await generateThresholdKey(256, ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'], 3);
    envelope = {
      id: '11111111-2222-4333-8444-555555555555',
      spec: { dataset: 'health_monitor', measure: { kind: 'count' }, groupBy: ['wijk'], purpose: 'plan' },
      requester: 'analyst.smartstart',
      submittedAt: '2026-12-01T03:00:00.000Z',
      dataHolders: ['ggd'],
      keyHolders: ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'],
      keyId: key.publicKey.keyId,
      minCellSize: 10,
    } as QueryEnvelope;
  }, 60_000);

  const pipeline = (benchPlaintext: boolean) =>
    Object.assign(Object.create(ReleasePipeline.prototype), {
      policies,
      config: { benchPlaintext },
      keys: { paillier: key.publicKey, organisations: { ggd: { nodePublicKey: node.publicKey } } },
    }) as ReleasePipeline;
  const problem = (pipe: ReleasePipeline, contribution: SignedContributionDto): string | null =>
    (
      pipe as unknown as { contributionsProblem(e: QueryEnvelope, c: SignedContributionDto[]): string | null }
    ).contributionsProblem(envelope, [contribution]);
  const contribution = (randomness?: typeof NO_RANDOMNESS) => {
    const expected = expectedCiphertexts(policies.catalog, envelope, key.publicKey);
    const encryptor = new PaillierEncryptor(key.publicKey);
    const zeros = Array.from({ length: expected.contributors }, () => 0n);
    return signContribution(
      {
        queryId: envelope.id,
        queryHash: queryHash(envelope),
        org: 'ggd',
        keyId: key.publicKey.keyId,
        contributors: encryptor.encryptVector(zeros, randomness),
        editions: [],
      },
      node.secretKey,
    );
  };

  it('refuses it, naming the node, when the coordinator is not in the bench', () => {
    expect(problem(pipeline(false), contribution(NO_RANDOMNESS))).toMatch(
      /^ggd's contribution carries \d+ ciphertexts? without encryption randomness \(the bench's plaintext floor, BFA_BENCH_PLAINTEXT\): refused outside the bench$/,
    );
  });

  it('takes an encrypted one, and the floor takes its own', () => {
    expect(problem(pipeline(false), contribution())).toBeNull();
    expect(problem(pipeline(true), contribution(NO_RANDOMNESS))).toBeNull();
  });
});
