import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bigintToHex,
  hexToBigint,
  openSealedShare,
  proveThresholdPartials,
  thresholdPartialDecrypt,
  ThresholdShareJson,
} from '@bfa/crypto';
import { sealForCoordinator } from '@bfa/protocol';
import { AnalystClient, EthicsBoardClient, loadIdentity, StewardClient } from '../deploy/local/clients';
import { LocalCluster } from '../deploy/local/cluster';
import { RawNats } from './support/raw-nats';
import { sqliteAll } from './support/sqlite';
import { startTestCluster } from './support/test-cluster';
import { decisionAcknowledged } from './support/acknowledged';
import { DEMO_GROUNDS } from '../deploy/local/grounds';

type Table = { cells: { coordinates: Record<string, string>; value: number | null }[]; decryptedBy: string[] };

const CARE_DAYS = {
  ...DEMO_GROUNDS,
  dataset: 'youth_care_trajectories',
  measure: { kind: 'sum' as const, field: 'duration_days' },
  groupBy: ['age_band'],
  filters: [{ field: 'year', op: 'eq' as const, value: 2024 }],
  purpose: 'Proof test: youth-care days per age band, with one key holder lying',
};

describe('a key holder whose partial decryption is wrong is caught by its proof and left out', () => {
  let cluster: LocalCluster;
  let nats: RawNats;

  /** GGD's own share, as only GGD's node can open it. */
  function ggdShare(): ThresholdShareJson {
    const dir = cluster.nodes.ggd.dataDir;
    const identity = JSON.parse(readFileSync(cluster.nodes.ggd.identityFile, 'utf8'));
    const keyId = JSON.parse(readFileSync(join(cluster.dir, 'registry.json'), 'utf8')).paillier.keyId;
    return openSealedShare(
      JSON.parse(readFileSync(join(dir, 'key-shares', `${keyId}.sealed.json`), 'utf8')),
      identity.boxSecretKey,
    );
  }

  beforeAll(async () => {
    cluster = await startTestCluster('lying');
    nats = await RawNats.connect(cluster.natsUrl, cluster.natsAccounts.ggd);
  });

  afterAll(async () => {
    await nats?.close();
    await cluster?.stop();
  });

  it('releases the right table from the three honest key holders and logs why GGD was left out', async () => {
    const analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
    const steward = (org: string) => new StewardClient(cluster.nodes[org].url, cluster.nodes[org].stewardKeyFile);
    const submitted = await analyst.submit(CARE_DAYS);
    await steward('ggd').decide(submitted.id, 'approve');
    await decisionAcknowledged(steward('ggd'), submitted.id);
    // GGD's node is replaced by one that shifts a partial by (1 + n): invisible to the combination, not to the proof.
    await cluster.nodes.ggd.process.stop();
    const share = ggdShare();
    const registry = JSON.parse(readFileSync(join(cluster.dir, 'registry.json'), 'utf8'));
    const n = hexToBigint(share.n);
    nats.serve('node.ggd.decryption.partial', ({ envelope, aggregate }) => {
      const honest = (cts: string[]) => thresholdPartialDecrypt(share, cts);
      const [contributors, magnitudes] = [honest(aggregate.contributors), honest(aggregate.magnitudes)];
      const proofs = {
        contributors: proveThresholdPartials(
          share,
          registry.paillier.verification,
          aggregate.contributors,
          contributors,
        ),
        magnitudes: proveThresholdPartials(share, registry.paillier.verification, aggregate.magnitudes, magnitudes),
      };
      magnitudes[0] = bigintToHex((hexToBigint(magnitudes[0]) * (1n + n)) % (n * n));
      const partial = { org: 'ggd', keyId: share.keyId, contributors, magnitudes, proofs };
      return {
        ok: true,
        value: sealForCoordinator(
          { queryId: envelope.id, keyId: share.keyId, org: 'ggd' },
          partial,
          registry.coordinator.boxPublicKey,
        ),
      };
    });
    for (const org of ['gemeente', 'schoolbestuur', 'sterkhuis']) await steward(org).decide(submitted.id, 'approve');
    expect(await analyst.waitForState(submitted.id, ['released', 'failed'])).toMatchObject({ state: 'released' });

    const table = await analyst.release<Table>(submitted.id);
    expect(table.decryptedBy.sort()).toEqual(['gemeente', 'schoolbestuur', 'sterkhuis']);
    const [truth] = await sqliteAll<{ total: number }>(
      join(cluster.nodes.sterkhuis.dataDir, 'records.sqlite'),
      'SELECT SUM(duration_days) AS total FROM youth_care_trajectories WHERE year = 2024',
    );
    expect(table.cells.find((c) => c.coordinates.age_band === 'Totaal')!.value).toBe(truth.total);
    const audit = await new EthicsBoardClient(
      cluster.coordinatorUrl,
      loadIdentity(cluster.users['ethics.board']),
    ).audit();
    const refusals = audit.filter((e) => e.queryId === submitted.id && e.type === 'decryption.refused');
    expect(JSON.stringify(refusals)).toContain("ggd's partial decryption fails its proof of correctness");
  });
});
