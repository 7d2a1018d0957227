import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKeyPair } from '@bfa/crypto';
import { loadIdentity, SignedHttp } from './signed-http';

/** A server that resets the connection of the first request it gets, and answers every later one with its nonce. */
async function resettingOnce(): Promise<{ server: Server; url: string; nonces: string[] }> {
  const nonces: string[] = [];
  const server = createServer((request, response) => {
    nonces.push(String(request.headers['x-bfa-nonce']));
    if (nonces.length === 1) return request.socket.destroy();
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ answered: nonces.length }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, nonces };
}

describe('SignedHttp over a connection reset', () => {
  const client = (url: string) => new SignedHttp(url, { id: 'analyst.test', ...generateSigningKeyPair() });

  it('sends a read once more, signed afresh', async () => {
    const { server, url, nonces } = await resettingOnce();
    try {
      await expect(client(url).get('/queries')).resolves.toEqual({ answered: 2 });
      expect(new Set(nonces).size).toBe(2);
    } finally {
      server.close();
    }
  });

  it('never sends a write twice: it may have been taken before the reset', async () => {
    const { server, url, nonces } = await resettingOnce();
    try {
      await expect(client(url).post('/queries', { purpose: 'x' })).rejects.toThrow(
        `could not reach the server at ${url}: connection closed before an answer came`,
      );
      expect(nonces).toHaveLength(1);
    } finally {
      server.close();
    }
  });
});

describe('a key file that is missing or not a key file', () => {
  it('is named with what is wrong, not a stack of JSON or file-system internals', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bfa-key-'));
    const garbage = join(dir, 'garbage.json');
    writeFileSync(garbage, 'this is not json');
    expect(() => loadIdentity(join(dir, 'missing.json'))).toThrow(`${join(dir, 'missing.json')}: no such key file`);
    expect(() => loadIdentity(garbage)).toThrow(`${garbage}: not a key file (not JSON)`);
    writeFileSync(garbage, JSON.stringify({ id: 'analyst.test' }));
    expect(() => loadIdentity(garbage)).toThrow(`${garbage}: not a key file (needs id and secretKey)`);
  });
});
