import { SettingsSchema } from '@bfa/runtime';
import { CLI_SETTINGS } from '../../apps/cli/src/cli.config';
import { COORDINATOR_SETTINGS } from '../../apps/coordinator/src/coordinator.config';
import { NODE_SETTINGS } from '../../apps/node/src/node.config';
import { CLUSTER_SETTINGS, DEMO_SETTINGS } from '../local/settings';

export interface SettingRow {
  name: string;
  apps: string;
  fallback: string;
  meaning: string;
}

const SCHEMAS: [string, SettingsSchema][] = [
  ['coordinator', COORDINATOR_SETTINGS],
  ['node', NODE_SETTINGS],
  ['bfa', CLI_SETTINGS],
  ['npm run demo', DEMO_SETTINGS],
  ['npm start', CLUSTER_SETTINGS],
];

/** Every declared setting once, with the apps that read it: what the README's table of settings must say. */
export function settingRows(): SettingRow[] {
  const rows = new Map<string, SettingRow>();
  for (const [app, schema] of SCHEMAS) {
    for (const [name, setting] of Object.entries(schema)) {
      const row = rows.get(name);
      if (row) {
        row.apps = `${row.apps}, ${app}`;
        const fallback = setting.fallback ?? 'required';
        if (fallback !== row.fallback && !row.fallback.includes(`${app}:`))
          row.fallback = `${row.fallback} (${app}: ${fallback})`;
      } else rows.set(name, { name, apps: app, fallback: setting.fallback ?? 'required', meaning: setting.meaning });
    }
  }
  return [...rows.values()];
}

/** The table as markdown (`npx ts-node -r tsconfig-paths/register deploy/settings/settings-table.ts` prints it). */
export function settingsTable(): string {
  const lines = settingRows().map((row) => `| \`${row.name}\` | ${row.apps} | ${row.fallback} | ${row.meaning} |`);
  return ['| setting | read by | default | meaning |', '| --- | --- | --- | --- |', ...lines].join('\n');
}

if (require.main === module) console.log(settingsTable());
