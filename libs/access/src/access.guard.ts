import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ALLOWED_ROLES, PUBLIC } from './access.decorators';
import { NonceLedger } from './nonce-ledger';
import { Principal, PrincipalDirectory, principalFrom, Role } from './principal';
import { HEADERS, verifyRequestSignature } from './request-signature';

export const ACCESS_OPTIONS = Symbol('ACCESS_OPTIONS');
export const ACCESS_REFUSALS = Symbol('ACCESS_REFUSALS');

export interface AccessOptions {
  principals: PrincipalDirectory;
  /** On a node: the only organisation whose stewards may use it. */
  organisation?: string;
  /** How far a request's timestamp may be from now. Default 5 minutes. */
  freshnessMs?: number;
}

export interface AccessRefusal {
  status: 401 | 403;
  reason: string;
  principal: string | null;
  method: string;
  path: string;
}

/** Where refusals go besides the process log (the coordinator's audit log). */
export interface AccessRefusalLog {
  record(refusal: AccessRefusal): Promise<void>;
}

interface HttpRequest {
  method: string;
  originalUrl: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  principal?: Principal;
}

const ROLE_NAMES: Record<Role, string> = { analyst: 'an analyst', steward: 'a steward', 'ethics-board': 'a member of the ethics board' };

const header = (request: HttpRequest, name: string) => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/** Every route: a signed, fresh, never-seen request from a known principal whose role the route allows. */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly nonces: NonceLedger;
  private readonly freshnessMs: number;

  constructor(
    private readonly reflector: Reflector,
    @Inject(ACCESS_OPTIONS) private readonly options: AccessOptions,
  ) {
    this.freshnessMs = options.freshnessMs ?? 5 * 60_000;
    this.nonces = new NonceLedger(2 * this.freshnessMs);
  }

  canActivate(context: ExecutionContext): boolean {
    // NATS handlers authenticate their messages themselves (signed decisions, approvals, contributions).
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const allowed = this.reflector.getAllAndOverride<Role[]>(ALLOWED_ROLES, targets) ?? [];
    const principal = this.authenticate(request);
    if (typeof principal === 'string') return this.refuse(401, principal);
    const forbidden = this.forbidden(principal, allowed);
    if (forbidden) return this.refuse(403, forbidden);
    request.principal = principal;
    return true;
  }

  /** The principal, or why the request does not prove who sent it. */
  private authenticate(request: HttpRequest): Principal | string {
    const [id, timestamp, nonce, signature] = [HEADERS.principal, HEADERS.timestamp, HEADERS.nonce, HEADERS.signature].map((h) => header(request, h));
    if (!id || !timestamp || !nonce || !signature) return `sign the request: headers ${Object.values(HEADERS).join(', ')} are required`;
    const principal = principalFrom(this.options.principals, id);
    if (!principal) return `unknown principal ${id.slice(0, 80)}`;
    const at = Date.parse(timestamp);
    if (!Number.isFinite(at) || Math.abs(Date.now() - at) > this.freshnessMs) return `stale or invalid ${HEADERS.timestamp}: requests must be signed within ${this.freshnessMs / 1000} s`;
    const parts = { method: request.method, path: request.originalUrl, body: request.body, principal: id, timestamp, nonce };
    if (!verifyRequestSignature(parts, signature, principal.publicKey)) return `the request signature does not verify for ${id}`;
    if (!/^[0-9a-f]{32}$/.test(nonce) || !this.nonces.accept(id, nonce)) return 'replayed request: this nonce was already used';
    return principal;
  }

  private forbidden(principal: Principal, allowed: Role[]): string | null {
    if (!allowed.includes(principal.role)) return `${principal.id} is ${ROLE_NAMES[principal.role]}; this needs ${allowed.map((r) => ROLE_NAMES[r]).join(' or ') || 'a role nobody has'}`;
    if (principal.role === 'steward' && this.options.organisation && principal.org !== this.options.organisation) {
      return `${principal.id} is a steward of ${principal.org}, not of ${this.options.organisation}`;
    }
    return null;
  }

  private refuse(status: 401 | 403, reason: string): never {
    throw status === 401 ? new UnauthorizedException(reason) : new ForbiddenException(reason);
  }
}
