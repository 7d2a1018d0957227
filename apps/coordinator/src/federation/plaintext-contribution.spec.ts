import { join } from 'node:path';
import { AuditLog } from '@bfa/audit';
import {
  generateSigningKeyPair,
  generateThresholdKey,
  hexToBigint,
  NO_RANDOMNESS,
  PaillierEncryptor,
  ThresholdKey,
} from '@bfa/crypto';
import { expectedCiphertexts, loadPolicies } from '@bfa/policy';
import { QueryEnvelope, Registry, signContribution, unrandomisedProblem } from '@bfa/protocol';
import { CoordinatorConfig } from '../coordinator.config';
import { QueryRegistry } from '../queries/query-registry.service';
import { NodeGateway } from './node-gateway.service';
import { QueryProgressBoard } from './query-progress.service';
import { ProofWorkers } from './proof-workers';
import { ReleasePipeline } from './release-pipeline.service';
import { ReleaseProtection } from './release-protection.service';
import { ReleasePublisher } from './release-publisher.service';
import { DEMO_GROUNDS } from '../../../../deploy/local/grounds';

const policies = loadPolicies(join(__dirname, '..', '..', '..', '..', 'policies'));
const HOLDERS = ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'];
const node = generateSigningKeyPair();

/** A count of youth-care trajectories per wijk: one data holder, Sterk Huis. */
function envelopeFor(key: ThresholdKey): QueryEnvelope {
  return {
    id: '3f1c2b9e-4d5a-4e6f-8a7b-9c0d1e2f3a4b',
    spec: {
      ...DEMO_GROUNDS,
      dataset: 'youth_care_trajectories',
      measure: { kind: 'count' },
      groupBy: ['wijk'],
      purpose: 'Smart Start: children in youth care per wijk',
    },
    requester: 'analyst',
    submittedAt: '2026-12-01T03:00:00.000Z',
    dataHolders: ['sterkhuis'],
    keyHolders: HOLDERS,
    keyId: key.publicKey.keyId,
    minCellSize: 10,
  };
}

/** The pipeline with Sterk Huis's node answering execution with `sent`, and every other request refused. */
function pipelineWith(key: ThresholdKey, benchPlaintext: boolean, sent: (envelope: QueryEnvelope) => string[]) {
  const asked: string[] = [];
  const failures: string[] = [];
  const nodes = {
    request: async (org: string, subject: string, payload: { envelope: QueryEnvelope }) => {
      asked.push(subject);
      if (!subject.includes('execute')) return { ok: false, reason: `${org} is not asked this here` };
      const { envelope } = payload;
      const expected = expectedCiphertexts(policies.catalog, envelope, key.publicKey);
      const contribution = {
        queryId: envelope.id,
        queryHash: expected.queryHash,
        org,
        keyId: key.publicKey.keyId,
        contributors: sent(envelope).slice(0, expected.contributors),
        editions: [],
      };
      return { ok: true, value: signContribution(contribution, node.secretKey) };
    },
    presence: () => true,
    maxPayload: async () => 8 * 1024 * 1024,
  } as unknown as NodeGateway;
  const audit = { append: async () => undefined } as unknown as AuditLog;
  const publisher = {
    fail: async (_: QueryEnvelope, error: Error) => void failures.push(error.message),
  } as unknown as ReleasePublisher;
  const progress = {
    start: () => undefined,
    counted: (_: string, __: string, reply: Promise<unknown>) => reply,
    end: () => undefined,
  } as unknown as QueryProgressBoard;
  const keys = { paillier: key.publicKey, organisations: { sterkhuis: { nodePublicKey: node.publicKey } } };
  const pipeline = new ReleasePipeline(
    nodes,
    {} as QueryRegistry,
    audit,
    publisher,
    progress,
    {} as ReleaseProtection,
    {} as ProofWorkers,
    keys as unknown as Registry,
    policies,
    'box secret',
    { benchPlaintext, heartbeatIntervalMs: 10 } as CoordinatorConfig,
  );
  return { pipeline, asked, failures };
}

describe('a contribution sent in the clear (Enc(m) = 1 + m·n, the bench plaintext floor) outside the bench', () => {
  let key: ThresholdKey;
  let encryptor: PaillierEncryptor;
  const counts = (envelope: QueryEnvelope) =>
    Array.from({ length: expectedCiphertexts(policies.catalog, envelope, key.publicKey).contributors }, (_, i) =>
      BigInt(3 + i),
    );
  beforeAll(async () => {
    key = await generateThresholdKey(512, HOLDERS, 3);
    encryptor = new PaillierEncryptor(key.publicKey);
  }, 120_000);

  it('is readable by anyone on its subjects: (c − 1)/n is the packed counts', () => {
    const envelope = envelopeFor(key);
    const [c] = encryptor.encryptVector(counts(envelope), NO_RANDOMNESS);
    const n = hexToBigint(key.publicKey.n);
    expect((hexToBigint(c) - 1n) / n).toBe(3n);
  });

  it('is refused before any key holder is asked, naming the node', async () => {
    const { pipeline, asked, failures } = pipelineWith(key, false, (envelope) =>
      encryptor.encryptVector(counts(envelope), NO_RANDOMNESS),
    );
    await pipeline.run(envelopeFor(key), []);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^sterkhuis's contribution: ciphertext 0 is 1 mod n, encrypted without randomness/);
    expect(asked.filter((subject) => !subject.includes('execute'))).toEqual([]);
  });

  it('goes on to the key holders when encrypted with randomness, or on the bench cluster itself', async () => {
    const real = pipelineWith(key, false, (envelope) => encryptor.encryptVector(counts(envelope)));
    await real.pipeline.run(envelopeFor(key), []);
    const bench = pipelineWith(key, true, (envelope) => encryptor.encryptVector(counts(envelope), NO_RANDOMNESS));
    await bench.pipeline.run(envelopeFor(key), []);
    for (const { asked, failures } of [real, bench]) {
      expect(asked.some((subject) => subject.includes('decryption'))).toBe(true);
      expect(failures.join()).not.toMatch(/without randomness/);
    }
  });

  it("names a combination manifest's aggregate sent in the clear, and passes a randomised one", () => {
    const clear = encryptor.encryptVector([0n, 5n], NO_RANDOMNESS);
    expect(unrandomisedProblem('gemeente', 'aggregates', key.publicKey, clear)).toMatch(
      /^gemeente's aggregates: ciphertext 0 is 1 mod n/,
    );
    const mixed = [...encryptor.encryptVector([5n]), ...clear];
    expect(unrandomisedProblem('gemeente', 'aggregates', key.publicKey, mixed)).toMatch(/ciphertext 1 is 1 mod n/);
    expect(unrandomisedProblem('gemeente', 'aggregates', key.publicKey, encryptor.encryptVector([0n, 5n]))).toBeNull();
  });
});
