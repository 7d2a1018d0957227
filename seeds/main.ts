import { parseArgs } from 'node:util';
import { seedRegion } from './seed-region';

/** `npm run seed -- --out DIR [--scale 0.2] [--seed N]`: prints row counts per partner and table, never rows. */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string', default: '.data/seed' }, scale: { type: 'string', default: '1' }, seed: { type: 'string' } } });
  const started = Date.now();
  const seeded = await seedRegion({ outDir: values.out!, scale: Number(values.scale), seed: values.seed === undefined ? undefined : Number(values.seed) });
  for (const partner of seeded) {
    console.log(`${partner.org.padEnd(14)} ${partner.file}`);
    for (const [table, count] of Object.entries(partner.rows)) console.log(`  ${table.padEnd(26)} ${String(count).padStart(8)} rows`);
  }
  console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
