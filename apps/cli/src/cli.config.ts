import { httpUrl, optionalText, readSettings, secretFile, secretText, SettingsOf } from '@bfa/runtime';

/**
 * Every setting of bfa, declared once: the README's table of settings lists exactly these (and the coordinator's
 * and the node's). BFA_URL, BFA_KEY and BFA_COORDINATOR_URL are the defaults of --url, --key and --coordinator.
 */
export const CLI_SETTINGS = {
  BFA_URL: httpUrl(
    "default of --url: the coordinator's (analyst) or your node's (steward) base URL",
    '(none: give --url)',
  ),
  BFA_COORDINATOR_URL: httpUrl(
    "default of --coordinator (bfa ethics): the coordinator's base URL",
    '(none: give --coordinator)',
  ),
  BFA_KEY: optionalText('default of --key: your key file', '(none: give --key)'),
  BFA_POLICIES_DIR: optionalText(
    "default of --policies (bfa analyst release): the policies whose catalog labels a release's table",
    'policies',
  ),
  BFA_SIGNING_KEY_PASSPHRASE: secretText(
    'the passphrase of a key file sealed by `bfa keys protect` (prefer the _FILE form)',
  ),
  BFA_SIGNING_KEY_PASSPHRASE_FILE: secretFile('a file whose first line is that passphrase'),
};

let settings: SettingsOf<typeof CLI_SETTINGS> | undefined;

/** The one place bfa reads its settings; main.ts reads them before any command, so a bad one is named up front. */
export function cliSettings(): SettingsOf<typeof CLI_SETTINGS> {
  settings ??= readSettings(CLI_SETTINGS, process.env);
  return settings;
}
