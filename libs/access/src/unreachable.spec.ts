import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { generateSigningKeyPair } from '@bfa/crypto';
import { HttpError, SignedHttp } from './signed-http';
import { UnreachableError, unreachableReason } from './unreachable';

/** A loopback port that was just free: nothing listens there any more. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a URL nobody answers is named in the error', () => {
  const client = (url: string) =>
    new SignedHttp(url, { id: 'analyst.test', ...generateSigningKeyPair() }, 'the coordinator');

  it('says which party at which URL refused the connection', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const failure = client(url).get('/queries');
    await expect(failure).rejects.toBeInstanceOf(UnreachableError);
    await expect(failure).rejects.toThrow(`could not reach the coordinator at ${url}: connection refused`);
  });

  it('says a malformed URL is not a URL', async () => {
    await expect(client('coordinator.example').post('/queries', {})).rejects.toThrow(
      'could not reach the coordinator at coordinator.example: not a URL',
    );
  });

  it('leaves an answer with an HTTP error as it is: the server was reached', async () => {
    const server = createServer((_, response) =>
      response.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'no role' })),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const failure = client(`http://127.0.0.1:${(server.address() as AddressInfo).port}`).get('/queries');
      await expect(failure).rejects.toBeInstanceOf(HttpError);
      await expect(failure).rejects.toThrow('HTTP 403: no role');
    } finally {
      server.close();
    }
  });

  it('words the causes fetch gives, and knows nothing of errors that are not a failure to connect', () => {
    const fetchFailed = (cause: object) => Object.assign(new TypeError('fetch failed'), { cause });
    expect(unreachableReason(fetchFailed({ code: 'ENOTFOUND' }))).toBe('no such host');
    expect(unreachableReason(fetchFailed({ errors: [{ code: 'ECONNREFUSED' }], message: '' }))).toBe(
      'connection refused',
    );
    expect(
      unreachableReason(
        fetchFailed({
          code: 'ERR_TLS_CERT_ALTNAME_INVALID',
          message: "Hostname/IP does not match certificate's altnames",
        }),
      ),
    ).toMatch(/^TLS: Hostname/);
    expect(unreachableReason(new SyntaxError('Unexpected token'))).toBeUndefined();
    expect(unreachableReason(new HttpError(500, 'oops'))).toBeUndefined();
  });
});
