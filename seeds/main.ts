import { parseArgs } from 'node:util';
import { relative } from 'node:path';
import { writeSeedExports } from './seed-exports';

/**
 * `npm run seed -- --out DIR [--scale 0.2] [--seed N]`: writes each partner's exports (CSV and .xlsx, in its own
 * columns and codes) and prints how many rows each holds, never a row, and the `bfa data import` that loads it.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: '.data/seed' },
      scale: { type: 'string', default: '1' },
      seed: { type: 'string' },
    },
  });
  const started = Date.now();
  const files = await writeSeedExports({
    outDir: values.out!,
    scale: Number(values.scale),
    seed: values.seed === undefined ? undefined : Number(values.seed),
  });
  for (const file of files) {
    console.log(
      `${file.org.padEnd(14)} ${file.dataset.padEnd(24)} ${String(file.rows).padStart(8)} rows  ${file.file}`,
    );
  }
  console.log(`written in ${((Date.now() - started) / 1000).toFixed(1)} s; load each into its partner's node with:`);
  for (const file of files) {
    console.log(
      `  npm run bfa -- data import --data-dir <${file.org}'s data dir> --org ${file.org} --dataset ${file.dataset} --mapping ${relative(process.cwd(), file.mapping)} ${file.file}`,
    );
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
