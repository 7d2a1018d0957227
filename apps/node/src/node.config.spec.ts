import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError } from '@bfa/runtime';
import { nodeConfigFromEnv } from './node.config';

const POLICIES = resolve(__dirname, '..', '..', '..', 'policies');
const good = {
  BFA_ORG: 'ggd',
  BFA_HTTP_PORT: '0',
  BFA_NATS_URL: 'tls://nats.example:4222',
  BFA_DATA_DIR: '/var/lib/bfa',
  BFA_POLICIES_DIR: POLICIES,
  BFA_IDENTITY_FILE: '/etc/bfa/identity.json',
};

function refusal(env: NodeJS.ProcessEnv): string {
  try {
    nodeConfigFromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the settings were accepted');
}

describe("a node's settings", () => {
  it('reads good settings, with defaults for the rest', () => {
    const config = nodeConfigFromEnv({ ...good, BFA_RANDOMIZER_POOL: '8' });
    expect(config).toMatchObject({
      org: 'ggd',
      httpPort: 0,
      natsUrl: 'tls://nats.example:4222',
      randomizerPool: 8,
      approvalValidityHours: 720,
      unprovenPerMinute: 60,
    });
    expect(config.registryFile).toBe('/var/lib/registry.json');
    expect(config.natsConnection).toEqual({ caFile: undefined, certFile: undefined, keyFile: undefined });
  });

  it('names every missing setting at once', () => {
    const message = refusal({ BFA_HTTP_PORT: '8080', BFA_POLICIES_DIR: POLICIES });
    expect(message).toBe(
      'bad settings: BFA_DATA_DIR is missing; BFA_IDENTITY_FILE is missing; BFA_NATS_URL is missing; BFA_ORG is missing',
    );
  });

  it.each([
    ['BFA_HTTP_PORT', '80a', "BFA_HTTP_PORT must be a port number from 0 to 65535, not '80a'"],
    ['BFA_HTTP_PORT', '70000', "BFA_HTTP_PORT must be a port number from 0 to 65535, not '70000'"],
    ['BFA_RANDOMIZER_POOL', '-1', "BFA_RANDOMIZER_POOL must be a whole number of at least 0, not '-1'"],
    ['BFA_RANDOMIZER_THREADS', '1.5', "BFA_RANDOMIZER_THREADS must be a whole number of at least 0, not '1.5'"],
    [
      'BFA_APPROVAL_VALIDITY_HOURS',
      'a month',
      "BFA_APPROVAL_VALIDITY_HOURS must be a whole number of at least 0, not 'a month'",
    ],
    [
      'BFA_NATS_URL',
      'http://nats:4222',
      "BFA_NATS_URL must be nats://host:port or tls://host:port (comma-separated for a cluster), not 'http://nats:4222'",
    ],
    ['BFA_POLICIES_DIR', '/no/such/policies', 'BFA_POLICIES_DIR is not a directory: /no/such/policies'],
    ['BFA_NATS_CA', '/no/such/ca.pem', 'BFA_NATS_CA is not a file: /no/such/ca.pem'],
  ])('refuses %s=%s, naming it and what is wrong', (name, value, problem) => {
    expect(refusal({ ...good, [name]: value })).toBe(`bad setting: ${problem}`);
  });

  it('refuses half a pair: a client certificate without its key, a NATS user without a password', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bfa-settings-'));
    writeFileSync(join(dir, 'client.pem'), 'certificate');
    expect(refusal({ ...good, BFA_NATS_CERT: join(dir, 'client.pem') })).toBe(
      'bad setting: BFA_NATS_CERT and BFA_NATS_KEY are set together or not at all',
    );
    expect(refusal({ ...good, BFA_NATS_USER: 'node-ggd' })).toBe(
      'bad setting: BFA_NATS_USER and BFA_NATS_PASSWORD are set together or not at all',
    );
  });

  it('takes a cluster of NATS servers and a passphrase from a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bfa-settings-'));
    writeFileSync(join(dir, 'passphrase'), 'correct horse\nignored\n');
    const config = nodeConfigFromEnv({
      ...good,
      BFA_NATS_URL: 'tls://a:4222, tls://b:4222',
      BFA_SIGNING_KEY_PASSPHRASE_FILE: join(dir, 'passphrase'),
    });
    expect(config.identityPassphrase).toBe('correct horse');
    expect(nodeConfigFromEnv({ ...good, BFA_SIGNING_KEY_PASSPHRASE: ' spaced passphrase ' }).identityPassphrase).toBe(
      ' spaced passphrase ',
    );
    expect(refusal({ ...good, BFA_SIGNING_KEY_PASSPHRASE_FILE: join(dir, 'missing') })).toMatch(
      /^bad setting: BFA_SIGNING_KEY_PASSPHRASE_FILE can't be read: ENOENT/,
    );
  });
});
