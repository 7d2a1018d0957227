import { Command } from 'commander';
import { loadPolicies } from '@bfa/policy';
import { DatasetBusy, purgeRecords, PurgeRefused, RecordPurge } from '@bfa/records';

/** What was purged, in counts: the node signs the same as `data.purged` into its own log. */
export function purgeSummary(org: string, purge: RecordPurge): string {
  const counts =
    Object.entries(purge.deleted)
      .map(([dataset, n]) => `${dataset} ${n}`)
      .join(', ') || 'no datasets held';
  return `purged ${org}'s records of the years up to ${purge.throughYear} (recordRetentionYears ${purge.retentionYears}): ${counts}. The node logs it as data.purged (counts only) at its next start or before its next query.`;
}

/** `bfa data purge`: deletes the node's records of years past its policy's retention; there is no option to purge more. */
export function purgeCommand(seconds: (value: string) => number): Command {
  return new Command('purge')
    .description(
      "delete the node's records of every year past its policy's recordRetentionYears, in one transaction (refused when the policy sets none)",
    )
    .requiredOption('--data-dir <dir>', "the node's data directory (BFA_DATA_DIR), holding records.sqlite")
    .requiredOption(
      '--org <org>',
      'the organisation this node is (BFA_ORG): its policy in organisations/ sets the retention',
    )
    .option('--policies <dir>', 'the policies directory (catalog, organisations/)', 'policies')
    .option(
      '--wait <seconds>',
      'how long to wait for a query reading a dataset on this node before refusing',
      seconds,
      60,
    )
    .option('--json', 'print the purge (counts only) as JSON')
    .action(async (options) => {
      const { catalog, organisations } = loadPolicies(options.policies);
      const policy = organisations[options.org];
      try {
        if (!policy)
          throw new PurgeRefused(
            `no policy for organisation ${options.org} in ${options.policies}/organisations: nothing purged`,
          );
        const purge = await purgeRecords({
          dataDir: options.dataDir,
          catalog,
          policy,
          now: new Date(),
          lockWaitMs: options.wait * 1000,
        });
        console.log(options.json ? JSON.stringify(purge, null, 2) : purgeSummary(options.org, purge));
      } catch (error) {
        if (!(error instanceof PurgeRefused || error instanceof DatasetBusy)) throw error;
        console.error(`bfa: ${error.message}${error instanceof DatasetBusy ? ': nothing purged' : ''}`);
        process.exitCode = 2;
      }
    });
}
