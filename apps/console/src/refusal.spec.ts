import { HEADERS } from '@bfa/access';
import { generateSigningKeyPair } from '@bfa/crypto';
import { Label, LABELS, Language } from './i18n';
import { problemText } from './refusal';
import { ApiError, SignedApi } from './signed-api';
import { signerOf } from './signer';

const tIn = (language: Language) => (label: Label) => LABELS[language][label];
const stale = 'stale or invalid x-bfa-timestamp: requests must be signed within 300 s';

describe("a refused or expired request, explained in the reader's language", () => {
  const realFetch = globalThis.fetch;
  afterEach(() => (globalThis.fetch = realFetch));

  it("says after the fresh retry that the request expired, in Dutch and English, with the server's reason appended", async () => {
    const nonces: string[] = [];
    globalThis.fetch = (async (_url: string, init: { headers: Record<string, string> }) => {
      nonces.push(init.headers[HEADERS.nonce]);
      return new Response(JSON.stringify({ message: stale }), {
        status: 401,
        headers: { 'content-type': 'application/json' },
      });
    }) as typeof fetch;
    const api = new SignedApi(await signerOf({ id: 'analyst.po', ...generateSigningKeyPair() }));
    const error = await api.get('/queries').catch((e: unknown) => e);
    expect(nonces).toHaveLength(2);
    expect(problemText(error, tIn('nl'))).toBe(`${LABELS.nl['error.request-expired']} (de server meldt: ${stale})`);
    expect(problemText(error, tIn('en'))).toBe(`${LABELS.en['error.request-expired']} (the server says: ${stale})`);
    expect(LABELS.nl['error.request-expired']).toMatch(/verlopen/);
    expect(LABELS.en['error.request-expired']).toMatch(/expired/);
  });

  it('tells a replay, a signature or key the server does not know, a role that may not, and too many refusals apart', () => {
    const cases: [ApiError, Label][] = [
      [new ApiError(401, 'replayed request: this nonce was already used'), 'error.request-replayed'],
      [new ApiError(401, 'the request signature does not verify for analyst.po'), 'error.request-refused'],
      [new ApiError(401, 'unknown principal analyst.x'), 'error.request-refused'],
      [new ApiError(403, "query q is not analyst.po's"), 'error.request-forbidden'],
      [new ApiError(429, 'too many unsigned or refused requests from 127.0.0.1'), 'error.request-throttled'],
    ];
    for (const [error, label] of cases) {
      for (const language of ['nl', 'en'] as const)
        expect(problemText(error, tIn(language))).toBe(
          `${LABELS[language][label]} (${LABELS[language]['error.server-said']}: ${error.message})`,
        );
    }
    expect(new Set(cases.map(([, label]) => LABELS.nl[label])).size).toBe(
      new Set(cases.map(([, label]) => label)).size,
    );
  });

  it("leaves any other problem in the words it came with (a 400 is the builder's to explain in the catalog's words)", () => {
    expect(problemText(new ApiError(400, 'dataset "x" is not in the catalog'), tIn('nl'))).toBe(
      'dataset "x" is not in the catalog',
    );
    expect(problemText(new TypeError('Failed to fetch'), tIn('en'))).toBe('Failed to fetch');
  });
});
