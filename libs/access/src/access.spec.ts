import { BadRequestException, ExecutionContext, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { generateSigningKeyPair } from '@bfa/crypto';
import { ALLOWED_ROLES, PUBLIC } from './access.decorators';
import { AccessGuard, TooManyUnprovenRequestsException, UnprovenRequestException } from './access.guard';
import { NonceLedger } from './nonce-ledger';
import { PrincipalDirectory } from './principal';
import { HEADERS, requestMessage, signRequest, verifyRequestSignature } from './request-signature';

const keys = { analyst: generateSigningKeyPair(), steward: generateSigningKeyPair(), board: generateSigningKeyPair() };
const principals: PrincipalDirectory = {
  'ana.lyst': { role: 'analyst', publicKey: keys.analyst.publicKey },
  'steward.ggd': { role: 'steward', org: 'ggd', publicKey: keys.steward.publicKey },
  'ethics.one': { role: 'ethics-board', publicKey: keys.board.publicKey },
};

function contextFor(
  request: object,
  metadata: Record<string, unknown>,
  type = 'http',
): { context: ExecutionContext; reflector: Reflector } {
  const reflector = { getAllAndOverride: (key: string) => metadata[key] } as unknown as Reflector;
  const context = {
    getType: () => type,
    getHandler: () => null,
    getClass: () => null,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { context, reflector };
}

function signed(method: string, path: string, body: unknown, id: string, secretKey: string, now?: Date) {
  return { method, originalUrl: path, body, headers: signRequest({ method, path, body }, { id, secretKey }, now) } as {
    method: string;
    originalUrl: string;
    body: unknown;
    headers: Record<string, string>;
    principal?: { id: string };
  };
}

function check(request: object, roles: string[], organisation?: string, type = 'http'): boolean {
  const { context, reflector } = contextFor(request, { [ALLOWED_ROLES]: roles }, type);
  return new AccessGuard(reflector, { principals, organisation }).canActivate(context);
}

describe('request signatures', () => {
  it('verify over method, path, principal, time, nonce and body; any change breaks them', () => {
    const parts = {
      method: 'POST',
      path: '/queries?x=1',
      body: { b: 1, a: [2] },
      principal: 'ana.lyst',
      timestamp: '2026-11-25T10:00:00.000Z',
      nonce: 'ab'.repeat(16),
    };
    const headers = signRequest(
      parts,
      { id: 'ana.lyst', secretKey: keys.analyst.secretKey },
      new Date(parts.timestamp),
    );
    const withNonce = { ...parts, nonce: headers[HEADERS.nonce] };
    expect(verifyRequestSignature(withNonce, headers[HEADERS.signature], keys.analyst.publicKey)).toBe(true);
    expect(
      verifyRequestSignature(
        { ...withNonce, body: { a: [2], b: 1 } },
        headers[HEADERS.signature],
        keys.analyst.publicKey,
      ),
    ).toBe(true);
    for (const change of [
      { method: 'GET' },
      { path: '/queries' },
      { body: { b: 2, a: [2] } },
      { principal: 'steward.ggd' },
      { timestamp: '2026-11-25T10:00:01.000Z' },
      { nonce: 'cd'.repeat(16) },
    ]) {
      expect(
        verifyRequestSignature({ ...withNonce, ...change }, headers[HEADERS.signature], keys.analyst.publicKey),
      ).toBe(false);
    }
  });

  it('treats an absent and an empty body alike, so "no body" never depends on the parser', () => {
    const base = { method: 'GET', path: '/a', principal: 'p', timestamp: 't', nonce: 'n' };
    expect(requestMessage({ ...base, body: undefined })).toBe(requestMessage({ ...base, body: {} }));
  });
});

describe('NonceLedger', () => {
  it('accepts a nonce once within the window, and forgets it after', () => {
    const ledger = new NonceLedger(1000);
    expect(ledger.accept('a', 'n1', 0)).toBe(true);
    expect(ledger.accept('a', 'n1', 500)).toBe(false);
    expect(ledger.accept('b', 'n1', 500)).toBe(true);
    expect(ledger.accept('a', 'n1', 1600)).toBe(true);
  });
});

describe('AccessGuard', () => {
  it('lets a signed request of an allowed role through and sets the principal', () => {
    const request = signed('GET', '/queries', undefined, 'ana.lyst', keys.analyst.secretKey);
    expect(check(request, ['analyst'])).toBe(true);
    expect(request.principal).toMatchObject({ id: 'ana.lyst', role: 'analyst' });
  });

  it('answers 401 to unsigned, unknown, stale, forged and replayed requests', () => {
    expect(() => check({ method: 'GET', originalUrl: '/q', headers: {} }, ['analyst'])).toThrow(UnauthorizedException);
    expect(() => check(signed('GET', '/q', undefined, 'mallory', keys.analyst.secretKey), ['analyst'])).toThrow(
      /unknown principal/,
    );
    expect(() =>
      check(signed('GET', '/q', undefined, 'ana.lyst', keys.analyst.secretKey, new Date(Date.now() - 600_000)), [
        'analyst',
      ]),
    ).toThrow(/stale/);
    expect(() => check(signed('GET', '/q', undefined, 'ana.lyst', keys.steward.secretKey), ['analyst'])).toThrow(
      /does not verify/,
    );
    const { context, reflector } = contextFor(signed('GET', '/q', undefined, 'ana.lyst', keys.analyst.secretKey), {
      [ALLOWED_ROLES]: ['analyst'],
    });
    const guard = new AccessGuard(reflector, { principals });
    expect(guard.canActivate(context)).toBe(true);
    expect(() => guard.canActivate(context)).toThrow(/replayed/);
  });

  it('counts unproven requests per address: the first of each kind logged in full, 429 past the limit, signed requests still pass', () => {
    const { context, reflector } = contextFor(
      { method: 'GET', originalUrl: '/q', headers: {}, ip: '10.0.0.9' },
      { [ALLOWED_ROLES]: ['analyst'] },
    );
    const guard = new AccessGuard(reflector, { principals, unprovenPerMinute: 2 });
    const refusal = () => {
      try {
        guard.canActivate(context);
      } catch (error) {
        return error;
      }
    };
    expect(refusal()).toMatchObject({
      source: '10.0.0.9',
      inFull: true,
      message: expect.stringContaining('sign the request'),
    });
    expect(refusal()).toBeInstanceOf(UnprovenRequestException);
    expect(refusal()).toEqual(expect.any(TooManyUnprovenRequestsException));
    expect((refusal() as TooManyUnprovenRequestsException).getStatus()).toBe(429);
    const ok = contextFor(
      { ...signed('GET', '/q', undefined, 'ana.lyst', keys.analyst.secretKey), ip: '10.0.0.9' },
      { [ALLOWED_ROLES]: ['analyst'] },
    ).context;
    expect(guard.canActivate(ok)).toBe(true);
  });

  it('answers 400, not 500, to a body canonical JSON cannot hash', () => {
    const request = signed('POST', '/q', { a: 1 }, 'ana.lyst', keys.analyst.secretKey);
    expect(() => check({ ...request, body: { a: Infinity } }, ['analyst'])).toThrow(BadRequestException);
  });

  it('answers 403 to the wrong role, a steward of another organisation, and a route that allows no one', () => {
    expect(() =>
      check(signed('GET', '/audit', undefined, 'ana.lyst', keys.analyst.secretKey), ['ethics-board']),
    ).toThrow(ForbiddenException);
    expect(() =>
      check(
        signed('GET', '/steward/queries', undefined, 'steward.ggd', keys.steward.secretKey),
        ['steward'],
        'gemeente',
      ),
    ).toThrow(/steward of ggd, not of gemeente/);
    expect(
      check(signed('GET', '/steward/queries', undefined, 'steward.ggd', keys.steward.secretKey), ['steward'], 'ggd'),
    ).toBe(true);
    expect(() => check(signed('GET', '/x', undefined, 'ethics.one', keys.board.secretKey), [])).toThrow(
      /a role nobody has/,
    );
  });

  it('leaves public routes and NATS handlers to their own checks', () => {
    const { context, reflector } = contextFor({ headers: {} }, { [PUBLIC]: true });
    expect(new AccessGuard(reflector, { principals }).canActivate(context)).toBe(true);
    expect(check({ headers: {} }, [], undefined, 'rpc')).toBe(true);
  });
});
