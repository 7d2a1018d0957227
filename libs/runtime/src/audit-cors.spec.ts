import type { Request, Response } from 'express';
import { auditCors } from './audit-cors';
import { ConfigError, httpOrigin, readSettings, urlsByName } from './settings';

const SCHEMA = { BFA_CONSOLE_ORIGIN: httpOrigin('the console'), BFA_AUDIT_NODE_URLS: urlsByName('the nodes') };
const read = (env: NodeJS.ProcessEnv) => readSettings(SCHEMA, env);

const CONSOLE = 'http://127.0.0.1:4100';

function run(method: string, path: string, headers: Record<string, string>) {
  const set: Record<string, string> = {};
  let status: number | undefined;
  let nextCalled = false;
  const response = {
    setHeader: (name: string, value: string) => void (set[name] = value),
    status: (code: number) => ((status = code), response),
    end: () => undefined,
  } as unknown as Response;
  auditCors(CONSOLE)({ method, path, headers } as unknown as Request, response, () => void (nextCalled = true));
  return { set, status, nextCalled };
}

describe("CORS for the ethics board's console on a node's audit reads", () => {
  it("lets the coordinator's console read the audit GET routes, the signature still checked by the guard", () => {
    for (const path of ['/audit', '/audit/heads', '/audit/verify', '/audit/export']) {
      expect(run('GET', path, { origin: CONSOLE })).toEqual({
        set: { 'Access-Control-Allow-Origin': CONSOLE, Vary: 'Origin' },
        status: undefined,
        nextCalled: true,
      });
    }
  });

  it('answers a preflight for GET with the signed headers only', () => {
    const preflight = run('OPTIONS', '/audit', { origin: CONSOLE, 'access-control-request-method': 'GET' });
    expect(preflight.status).toBe(204);
    expect(preflight.nextCalled).toBe(false);
    expect(preflight.set['Access-Control-Allow-Methods']).toBe('GET');
    expect(preflight.set['Access-Control-Allow-Headers']).toBe(
      'content-type, x-bfa-principal, x-bfa-timestamp, x-bfa-nonce, x-bfa-signature',
    );
    expect(preflight.set['Access-Control-Allow-Credentials']).toBeUndefined();
    expect(run('OPTIONS', '/audit', { origin: CONSOLE, 'access-control-request-method': 'POST' }).status).toBe(403);
  });

  it('gives no other origin and no other route any CORS header', () => {
    expect(run('GET', '/audit', { origin: 'http://evil.example' }).set).toEqual({});
    for (const path of ['/steward/queries', '/randomizers', '/audit/../steward/queries', '/auditx'])
      expect(run('GET', path, { origin: CONSOLE }).set).toEqual({});
    expect(
      run('OPTIONS', '/steward/queries/1/decision', { origin: CONSOLE, 'access-control-request-method': 'POST' }),
    ).toMatchObject({ set: {}, nextCalled: true });
  });

  it('reads its settings as origins and org=url pairs, refusing anything else by name', () => {
    expect(read({ BFA_CONSOLE_ORIGIN: 'http://127.0.0.1:4100/console/' }).BFA_CONSOLE_ORIGIN).toBe(CONSOLE);
    expect(read({}).BFA_CONSOLE_ORIGIN).toBeUndefined();
    expect(() => read({ BFA_CONSOLE_ORIGIN: 'javascript:alert(1)' })).toThrow(ConfigError);
    expect(
      read({ BFA_AUDIT_NODE_URLS: 'ggd=http://127.0.0.1:4102/, gemeente=https://node.example' }).BFA_AUDIT_NODE_URLS,
    ).toEqual({ ggd: 'http://127.0.0.1:4102', gemeente: 'https://node.example' });
    expect(() => read({ BFA_AUDIT_NODE_URLS: 'ggd' })).toThrow(
      "BFA_AUDIT_NODE_URLS must be name=url pairs separated by commas, not 'ggd'",
    );
  });
});
