import { readSettings } from '@bfa/runtime';
import { CLI_SETTINGS } from './cli.config';

describe("bfa's settings", () => {
  it('reads the defaults of --url, --key and --coordinator', () => {
    const settings = readSettings(CLI_SETTINGS, { BFA_URL: 'http://127.0.0.1:8080', BFA_KEY: 'me.json' });
    expect(settings).toMatchObject({
      BFA_URL: 'http://127.0.0.1:8080',
      BFA_KEY: 'me.json',
      BFA_COORDINATOR_URL: undefined,
    });
  });

  it('names a bad URL and a passphrase file it cannot read', () => {
    expect(() =>
      readSettings(CLI_SETTINGS, { BFA_URL: '127.0.0.1:8080', BFA_SIGNING_KEY_PASSPHRASE_FILE: '/no/such/file' }),
    ).toThrow(
      /^bad settings: BFA_URL must be an http:\/\/ or https:\/\/ URL, not '127\.0\.0\.1:8080'; BFA_SIGNING_KEY_PASSPHRASE_FILE can't be read: ENOENT/,
    );
  });
});
