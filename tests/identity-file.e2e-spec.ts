import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { generateBoxKeyPair, generateSigningKeyPair, writeKeyFile } from '@bfa/crypto';

const COORDINATOR = resolve(__dirname, '..', 'dist', 'apps', 'coordinator', 'apps', 'coordinator', 'src', 'main.js');

/** The built coordinator started as an operator would; it stops before NATS when its key file is refused. */
async function start(env: Record<string, string>): Promise<{ code: number; output: string }> {
  const base = {
    PATH: process.env.PATH ?? '',
    BFA_HTTP_PORT: '0',
    BFA_NATS_URL: 'nats://127.0.0.1:1',
    BFA_POLICIES_DIR: resolve(__dirname, '..', 'policies'),
  };
  return promisify(execFile)('node', [COORDINATOR], { env: { ...base, ...env }, timeout: 30_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      output: error.stdout + error.stderr,
    }),
  );
}

/** The coordinator's identity as provisioned: its Ed25519 key and the X25519 key the key holders seal their partials to. */
function coordinatorIdentity() {
  const box = generateBoxKeyPair();
  return { ...generateSigningKeyPair(), boxPublicKey: box.publicKey, boxSecretKey: box.secretKey };
}

describe("the coordinator's signing key, kept apart from its log", () => {
  let dir: string;
  let env: Record<string, string>;
  const identityFile = () => join(dir, 'keys', 'coordinator', 'identity.json');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bfa-identity-'));
    // No registry: a coordinator that gets past its key stops there instead, which tells the two apart.
    env = {
      BFA_DATA_DIR: join(dir, 'coordinator'),
      BFA_IDENTITY_FILE: identityFile(),
      BFA_REGISTRY: join(dir, 'no-registry.json'),
    };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to start with a key file its group or others may read, naming the file and the fix', async () => {
    writeKeyFile(identityFile(), coordinatorIdentity());
    chmodSync(identityFile(), 0o644);
    const { code, output } = await start(env);
    expect(code).toBe(1);
    expect(output).toContain(
      `coordinator failed to start: ${identityFile()} may be read by its group or others (mode 644)`,
    );
    expect(output).toContain(`chmod 600 ${identityFile()}`);
  });

  it('opens a passphrase-sealed key only with its passphrase (from a file), and refuses to start without it', async () => {
    writeKeyFile(identityFile(), coordinatorIdentity(), 'correct horse battery');
    expect((await start(env)).output).toContain('is sealed with a passphrase, and none is set');
    const passphraseFile = join(dir, 'passphrase');
    writeFileSync(passphraseFile, 'wrong\n', { mode: 0o600 });
    expect((await start({ ...env, BFA_SIGNING_KEY_PASSPHRASE_FILE: passphraseFile })).output).toContain(
      'the passphrase does not open it',
    );
    writeFileSync(passphraseFile, 'correct horse battery\n', { mode: 0o600 });
    const opened = await start({ ...env, BFA_SIGNING_KEY_PASSPHRASE_FILE: passphraseFile });
    expect(opened.output).toContain('no-registry.json');
    expect(opened.output).not.toMatch(/passphrase|identity\.json/);
  });
});
