/**
 * The coordinator's read of a dataset's release ledger (QueryRegistry.ledger, before every release's audit): RELEASES
 * stored releases of the demo's grid (236 cells, with their published tables), read by a registry that has read none
 * yet (the first after a restart), again (warm), and as the registry read it before it kept them parsed.
 * Run: npx ts-node --transpile-only -r tsconfig-paths/register bench/ledger-read.bench.ts   Env: RELEASES (500).
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DecisionRecord } from '../apps/coordinator/src/queries/decision.entity';
import { QueryRecord } from '../apps/coordinator/src/queries/query.entity';
import { QueryRegistry } from '../apps/coordinator/src/queries/query-registry.service';
import { ReleaseRecord } from '../apps/coordinator/src/queries/release.entity';

const RELEASES = Number(process.env.RELEASES ?? 500);
const CELLS = 236;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bfa-ledger-bench-'));
  const store = await new DataSource({
    type: 'sqlite',
    database: join(dir, 'coordinator.sqlite'),
    entities: [QueryRecord, DecisionRecord, ReleaseRecord],
    synchronize: true,
  }).initialize();
  try {
    const cells = Array.from({ length: CELLS }, (_, i) => ({
      key: JSON.stringify([
        ['wijk', `WK0${i}`],
        ['age_band', '0-3'],
      ]),
      contributors: 10 + i,
      value: 10 + i,
      released: i % 7 !== 0,
    }));
    const basis = JSON.stringify({ spec: { dataset: 'risk_signals', measure: { kind: 'count' } }, cells });
    const table = JSON.stringify({
      cells: cells.map((c) => ({ ...c, coordinates: { wijk: c.key }, suppressed: false })),
    });
    for (let start = 0; start < RELEASES; start += 100)
      await store.getRepository(ReleaseRecord).insert(
        Array.from({ length: Math.min(100, RELEASES - start) }, (_, i) => ({
          queryId: `q${start + i}`,
          table,
          tableHash: 'h',
          dataset: 'risk_signals',
          differencingBasis: basis,
        })),
      );
    const registry = () =>
      new QueryRegistry(
        store.getRepository(QueryRecord),
        store.getRepository(DecisionRecord),
        store.getRepository(ReleaseRecord),
      );
    const timed = async (read: () => Promise<unknown>) => {
      const start = process.hrtime.bigint();
      await read();
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const warm = registry();
    const first = await timed(() => warm.ledger('risk_signals'));
    const again: number[] = [];
    for (let i = 0; i < 5; i++) again.push(await timed(() => warm.ledger('risk_signals')));
    const fresh: number[] = [];
    for (let i = 0; i < 5; i++) fresh.push(await timed(() => registry().ledger('risk_signals')));
    // As the registry read it before: every column of every row (the published tables too), each record parsed.
    const asBefore: number[] = [];
    for (let i = 0; i < 5; i++)
      asBefore.push(
        await timed(async () =>
          (
            await store
              .getRepository(ReleaseRecord)
              .find({ where: { dataset: 'risk_signals' }, order: { releasedAt: 'ASC' } })
          ).map((r) => JSON.parse(r.differencingBasis)),
        ),
      );
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(
      `${RELEASES} releases of ${CELLS} cells: as before ${median(asBefore).toFixed(0)} ms; first read ${first.toFixed(0)} ms, unparsed (a fresh registry) median ${median(fresh).toFixed(0)} ms, parsed before (warm) median ${median(again).toFixed(0)} ms`,
    );
  } finally {
    await store.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
