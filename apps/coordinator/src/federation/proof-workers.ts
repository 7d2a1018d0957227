import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { PartialProof, ThresholdPublicKeyJson } from '@bfa/crypto';
import { Refusal } from '@bfa/runtime';
import { WorkerPool, workerScript } from '@bfa/workers';
import { COORDINATOR_CONFIG, CoordinatorConfig } from '../coordinator.config';

export interface ProofJob {
  key: ThresholdPublicKeyJson;
  org: string;
  ciphertexts: string[];
  values: string[];
  proof: PartialProof;
}

/**
 * The key holders' proofs of correct partial decryption checked on worker threads: seconds to minutes of modular
 * exponentiation per release at scale (6 minutes in the load bench), during which the coordinator's event loop
 * stays free for NATS, decisions, heartbeats and GET /queries. With verification keys in the registry a vector of
 * partials counts only with a valid proof (a proof that fails, a job that throws and a thread that dies all count as
 * not proven); without them, as it is. BFA_PROOF_THREADS threads, started on first use.
 */
@Injectable()
export class ProofWorkers implements OnApplicationShutdown {
  private readonly pool: WorkerPool<ProofJob, boolean>;

  constructor(@Inject(COORDINATOR_CONFIG) config: Pick<CoordinatorConfig, 'proofThreads'>) {
    this.pool = new WorkerPool({
      threads: config.proofThreads,
      script: workerScript(__filename, 'proof.worker'),
      onThreadDeath: 'requeue',
    });
  }

  async proven(
    key: ThresholdPublicKeyJson,
    org: string,
    ciphertexts: string[],
    values: string[] | undefined,
    proof: PartialProof | undefined,
  ): Promise<boolean> {
    if (!key.verification) return true;
    if (values === undefined || proof === undefined) return false;
    try {
      return (await this.pool.run({ key, org, ciphertexts, values, proof })) === true;
    } catch {
      return false;
    }
  }

  /**
   * Starts every thread, and its OpenSSL object for this key's n², ahead of a release (while its chain runs): the first
   * proofs then wait for neither (a thread's start ≈ 0.1 s and that object ≈ 30 ms, on the release's path).
   */
  warm(key: ThresholdPublicKeyJson): void {
    if (!key?.verification) return;
    const job = { key, org: key.holders[0], ciphertexts: [], values: [], proof: { e: '0', z: '2' } };
    for (let i = 0; i < this.pool.threads; i++) this.pool.run(job).catch(() => undefined);
  }

  onApplicationShutdown(): Promise<void> {
    return this.pool.close(new Refusal('proof checks stopped: the coordinator is shutting down'));
  }
}
