import { writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { loadPolicies } from '@bfa/policy';
import { DataSource } from 'typeorm';
import {
  DatasetProfile,
  FieldProfile,
  holderProblem,
  importData,
  ImportReport,
  loadImportMapping,
  profileDataset,
  profileHeldData,
  reportCsv,
  reportSummary,
} from '@bfa/records';
import { purgeCommand } from './purge.command';

function year(value: string): number {
  const n = Number(value);
  if (!/^\d{4}$/.test(value)) throw new InvalidArgumentError('must be a year (YYYY)');
  return n;
}

function seconds(value: string): number {
  if (!/^\d{1,5}$/.test(value)) throw new InvalidArgumentError('must be a whole number of seconds');
  return Number(value);
}

function writeReport(report: ImportReport, file: string): void {
  writeFileSync(
    file,
    extname(file).toLowerCase() === '.csv' ? reportCsv(report) : JSON.stringify(report, null, 2) + '\n',
  );
}

function printReport(report: ImportReport, json: boolean | undefined): void {
  if (json) return console.log(JSON.stringify(report, null, 2));
  if (report.problems.length > 0)
    console.table(
      report.problems.map((p) => ({
        row: p.row ?? '',
        column: p.column ?? '',
        problem: p.problem,
        value: p.value ?? '',
      })),
    );
  console.log(reportSummary(report));
}

/** Node-side data commands, run by the partner's own staff on the node's machine: they read and write its records.sqlite directly. */
export function dataCommand(): Command {
  const data = new Command('data').description(
    "the node's own data (run on the node's machine, by the partner's staff)",
  );
  data
    .command('import')
    .description(
      "check a CSV or .xlsx export against the catalog through a mapping file and load it into the node's records.sqlite",
    )
    .argument('<file>', 'the export: .csv (any of ; , tab; UTF-8 or Windows-1252) or .xlsx (first sheet)')
    .requiredOption('--data-dir <dir>', "the node's data directory (BFA_DATA_DIR), holding records.sqlite")
    .requiredOption(
      '--org <org>',
      'the organisation this node is (BFA_ORG): the catalog must list it as a holder of the dataset',
    )
    .requiredOption('--dataset <name>', 'the catalog dataset the file holds')
    .requiredOption('--mapping <file>', 'mapping.yaml or .json: columns, value maps, date of birth, postcode')
    .option('--policies <dir>', 'the policies directory (catalog, reference/ postcode table)', 'policies')
    .option('--accept-partial', 'import the accepted rows even when some are refused')
    .option('--replace-year <year>', "replace only this year's records (rows of other years are refused)", year)
    .option(
      '--wait <seconds>',
      'how long to wait for a query reading the dataset on this node before refusing',
      seconds,
      60,
    )
    .option('--report <file>', 'also write the validation report: .json or .csv')
    .option('--json', 'print the report as JSON instead of a table')
    .action(async (file: string, options) => {
      const { catalog } = loadPolicies(options.policies);
      const notHolder = holderProblem(catalog, options.org, options.dataset);
      if (notHolder) {
        console.error(`bfa: ${notHolder}: nothing imported`);
        process.exitCode = 2;
        return;
      }
      const mapping = loadImportMapping(options.mapping, catalog, options.dataset);
      const report = await importData({
        dataDir: options.dataDir,
        catalog,
        policiesDir: resolve(options.policies),
        dataset: options.dataset,
        mapping,
        file,
        acceptPartial: options.acceptPartial,
        replaceYear: options.replaceYear,
        lockWaitMs: options.wait * 1000,
      });
      if (options.report) writeReport(report, options.report);
      printReport(report, options.json);
      if (report.outcome === 'refused') process.exitCode = 2;
    });
  data
    .command('profile')
    .description(
      "per dataset this organisation holds and per field: records, missing values and the distribution of the node's own data (never a child key)",
    )
    .requiredOption('--data-dir <dir>', "the node's data directory (BFA_DATA_DIR), holding records.sqlite")
    .requiredOption('--org <org>', 'the organisation this node is (BFA_ORG)')
    .option('--policies <dir>', 'the policies directory (catalog)', 'policies')
    .option('--dataset <name>', 'only this dataset')
    .option('--json', 'print the profile as JSON instead of tables')
    .action(async (options) => {
      const { catalog } = loadPolicies(options.policies);
      if (options.dataset && !catalog.datasets[options.dataset])
        throw new InvalidArgumentError(`no dataset ${options.dataset} in the catalog`);
      const store = await new DataSource({
        type: 'sqlite',
        database: join(options.dataDir, 'records.sqlite'),
        busyTimeout: 10_000,
      }).initialize();
      try {
        const profiles = options.dataset
          ? [await profileDataset(store, catalog, options.org, options.dataset)]
          : await profileHeldData(store, catalog, options.org);
        if (options.json) console.log(JSON.stringify(profiles, null, 2));
        else profiles.forEach(printProfile);
      } finally {
        await store.destroy();
      }
    });
  data.addCommand(purgeCommand(seconds));
  return data;
}

function distribution(field: FieldProfile): string {
  if (field.distinct !== undefined) return `${field.distinct} distinct children`;
  if (field.range)
    return `${field.range.min}..${field.range.max}: ${field.range.bins.map((b) => `${b.from}-${b.to}: ${b.count}`).join(', ')}`;
  return (field.values ?? []).map((v) => `${v.value}: ${v.count}`).join(', ');
}

function printProfile(profile: DatasetProfile): void {
  console.log(
    `${profile.dataset} (${profile.label}): ${profile.records} records; editions ${profile.editions.map((e) => `${e.edition.slice(0, 12)} (${e.years.join(', ')})`).join(', ') || 'none (not imported)'}`,
  );
  if (profile.fields.length > 0)
    console.table(
      profile.fields.map((f) => ({
        field: f.field,
        kind: f.kind,
        records: f.records,
        missing: f.missing,
        distribution: distribution(f),
      })),
    );
}
