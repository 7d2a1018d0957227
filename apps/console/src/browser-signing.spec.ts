import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEADERS, verifyRequestSignature } from '@bfa/access';
import { generateSigningKeyPair, sha256Hex, writeKeyFile } from '@bfa/crypto';
import { decisionMessage, verifyDecision } from '@bfa/protocol';
import * as browser from './browser-crypto';
import { KeyFileError, signingKeyOf } from './key-file';
import { ApiError, SignedApi, signedHeaders } from './signed-api';
import { Signer, signerOf } from './signer';

/** The console's browser code against the libraries the node and the CLI use: the same bytes, the same signatures. */
describe("the console's signing, as the node checks it", () => {
  const pair = generateSigningKeyPair();
  const steward = { id: 'steward.gemeente', org: 'gemeente', ...pair };
  let signer: Signer;
  beforeAll(async () => (signer = await signerOf(steward)));

  it('holds the key as a non-extractable WebCrypto key that signs exactly as tweetnacl does (Ed25519 is deterministic)', async () => {
    expect(signer.nonExtractable).toBe(true);
    for (const message of ['', 'bfa/request/v1\nGET\n/steward/queries', 'ë€𝄞'.repeat(100)])
      expect(await signer.sign(message)).toBe(browser.signMessage(message, steward.secretKey));
  });

  it('hashes as @bfa/crypto does (known answer and random inputs)', () => {
    expect(browser.sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (const text of ['', 'ë€𝄞', JSON.stringify({ a: [1, 2, { b: 'c' }] }), 'x'.repeat(10_000)])
      expect(browser.sha256Hex(text)).toBe(sha256Hex(text));
  });

  it('signs requests the access guard accepts, and only for the path, body and principal signed', async () => {
    const body = { decision: 'approve', reason: '', decidedAt: '2026-11-30T12:00:00.000Z', signature: 'c2ln' };
    const headers = await signedHeaders({ method: 'POST', path: '/steward/queries/q/decision', body }, signer);
    const parts = {
      method: 'POST',
      path: '/steward/queries/q/decision',
      body,
      principal: headers[HEADERS.principal],
      timestamp: headers[HEADERS.timestamp],
      nonce: headers[HEADERS.nonce],
    };
    expect(headers[HEADERS.nonce]).toMatch(/^[0-9a-f]{32}$/);
    expect(verifyRequestSignature(parts, headers[HEADERS.signature], pair.publicKey)).toBe(true);
    expect(
      verifyRequestSignature(
        { ...parts, path: '/steward/queries/other/decision' },
        headers[HEADERS.signature],
        pair.publicKey,
      ),
    ).toBe(false);
    expect(
      verifyRequestSignature(
        { ...parts, body: { ...body, decision: 'reject' } },
        headers[HEADERS.signature],
        pair.publicKey,
      ),
    ).toBe(false);
    expect(verifyRequestSignature(parts, headers[HEADERS.signature], generateSigningKeyPair().publicKey)).toBe(false);
  });

  it('signs a GET with its query string, as sent', async () => {
    const headers = await signedHeaders({ method: 'get', path: '/steward/queries?state=pending' }, signer);
    const parts = {
      method: 'GET',
      path: '/steward/queries?state=pending',
      body: {},
      principal: steward.id,
      timestamp: headers[HEADERS.timestamp],
      nonce: headers[HEADERS.nonce],
    };
    expect(verifyRequestSignature(parts, headers[HEADERS.signature], pair.publicKey)).toBe(true);
  });

  it("signs the CLI's decision statement so that verifyDecision accepts it", () => {
    const statement = {
      queryId: 'q',
      queryHash: 'h',
      org: 'gemeente',
      decision: 'reject' as const,
      reason: 'te breed',
      decidedAt: '2026-11-30T12:00:00.000Z',
    };
    const signature = browser.signMessage(decisionMessage(statement), steward.secretKey);
    expect(verifyDecision({ statement, signature }, pair.publicKey)).toBe(true);
    expect(verifyDecision({ statement: { ...statement, decision: 'approve' }, signature }, pair.publicKey)).toBe(false);
  });

  describe('a refused request', () => {
    const realFetch = globalThis.fetch;
    afterEach(() => (globalThis.fetch = realFetch));

    /** A server that answers with these responses in turn and remembers the nonce of every request. */
    function server(...answers: [number, unknown][]): string[] {
      const nonces: string[] = [];
      globalThis.fetch = (async (_url: string, init: { headers: Record<string, string> }) => {
        nonces.push(init.headers[HEADERS.nonce]);
        const [status, body] = answers[Math.min(nonces.length - 1, answers.length - 1)];
        return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
      }) as typeof fetch;
      return nonces;
    }

    it('is sent once more, freshly signed, when it was stale or replayed', async () => {
      const nonces = server(
        [401, { message: 'stale or invalid x-bfa-timestamp: requests must be signed within 300 s' }],
        [200, []],
      );
      await expect(new SignedApi(signer).get('/steward/queries')).resolves.toEqual([]);
      expect(nonces).toHaveLength(2);
      expect(nonces[0]).not.toBe(nonces[1]);
    });

    it('is not repeated for any other refusal, and the reason is shown', async () => {
      const nonces = server([401, { message: 'the request signature does not verify for steward.gemeente' }]);
      await expect(new SignedApi(signer).get('/steward/queries')).rejects.toEqual(
        new ApiError(401, 'the request signature does not verify for steward.gemeente'),
      );
      const again = server([401, { message: 'replayed request: this nonce was already used' }]);
      await expect(new SignedApi(signer).get('/steward/queries')).rejects.toMatchObject({
        status: 401,
        message: expect.stringContaining('replayed'),
      });
      expect([nonces.length, again.length]).toEqual([1, 2]);
    });
  });

  describe('key files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bfa-console-keys-'));
    const read = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

    it('opens a plain key file', async () => {
      writeKeyFile(join(dir, 'plain.json'), steward);
      await expect(signingKeyOf(read(join(dir, 'plain.json')))).resolves.toEqual({
        id: steward.id,
        org: 'gemeente',
        publicKey: pair.publicKey,
        secretKey: pair.secretKey,
      });
    });

    it('opens a file sealed by the CLI (scrypt + secretbox) with its passphrase only', async () => {
      writeKeyFile(join(dir, 'sealed.json'), steward, 'een lange wachtwoordzin');
      const sealed = read(join(dir, 'sealed.json'));
      await expect(signingKeyOf(sealed)).rejects.toEqual(new KeyFileError('needs-passphrase'));
      await expect(signingKeyOf(sealed, 'een andere wachtwoordzin')).rejects.toEqual(
        new KeyFileError('wrong-passphrase'),
      );
      await expect(signingKeyOf(sealed, 'een lange wachtwoordzin')).resolves.toMatchObject({
        id: steward.id,
        secretKey: pair.secretKey,
      });
    });

    it('refuses what is not a signing key', async () => {
      for (const content of [
        {},
        { id: 'x' },
        { id: 'x', secretKey: 'short' },
        { id: 'x', secretKey: pair.publicKey },
        'text',
        null,
      ]) {
        await expect(signingKeyOf(content)).rejects.toEqual(new KeyFileError('not-a-key'));
      }
    });
  });
});
