import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readKeyFile, sealKeyFile, writeKeyFile } from './key-file';

describe('secret key files', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'bfa-keyfile-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const identity = { publicKey: 'pub', secretKey: 'very secret' };

  it('writes 0600 and reads it back, as plain JSON without a passphrase', () => {
    const file = join(dir, 'keys', 'coordinator', 'identity.json');
    writeKeyFile(file, identity);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readKeyFile(file)).toEqual(identity);
  });

  it('refuses a key file its group or others may read, naming the file and the fix', () => {
    const file = join(dir, 'identity.json');
    writeKeyFile(file, identity);
    for (const mode of [0o640, 0o604, 0o644]) {
      chmodSync(file, mode);
      expect(() => readKeyFile(file)).toThrow(`${file} may be read by its group or others (mode ${mode.toString(8)})`);
    }
    expect(() => readKeyFile(join(dir, 'absent.json'))).toThrow('no key file at');
  });

  it('seals with a passphrase: the file holds no key in the clear, and only the right passphrase opens it', () => {
    const file = join(dir, 'identity.json');
    writeKeyFile(file, identity, 'correct horse');
    expect(readFileSync(file, 'utf8')).not.toContain('very secret');
    expect(readKeyFile(file, 'correct horse')).toEqual(identity);
    expect(() => readKeyFile(file, 'wrong')).toThrow('the passphrase does not open it');
    expect(() => readKeyFile(file)).toThrow('sealed with a passphrase, and none is set');
  });

  it('seals a provisioned key file in place, and re-seals it under a new passphrase', () => {
    const file = join(dir, 'identity.json');
    writeKeyFile(file, identity);
    sealKeyFile(file, 'first');
    expect(readKeyFile(file, 'first')).toEqual(identity);
    sealKeyFile(file, 'second', 'first');
    expect(readKeyFile(file, 'second')).toEqual(identity);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(() => sealKeyFile(file, '')).toThrow('an empty passphrase seals nothing');
  });
});
