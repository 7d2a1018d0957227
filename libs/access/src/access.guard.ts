import {
  BadRequestException,
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CanonicalJsonError } from '@bfa/crypto';
import { ALLOWED_ROLES, PUBLIC } from './access.decorators';
import { NonceLedger } from './nonce-ledger';
import { Principal, PrincipalDirectory, principalFrom, Role } from './principal';
import { RefusalKind, RefusalSummary, RefusalTally } from './refusal-tally';
import { HEADERS, verifyRequestSignature } from './request-signature';

export const ACCESS_OPTIONS = Symbol('ACCESS_OPTIONS');
export const ACCESS_REFUSALS = Symbol('ACCESS_REFUSALS');

export interface AccessOptions {
  principals: PrincipalDirectory;
  /** On a node: the only organisation whose stewards may use it. */
  organisation?: string;
  /** How far a request's timestamp may be from now. Default 5 minutes. */
  freshnessMs?: number;
  /** Unproven requests (unsigned, unknown, stale, forged, replayed) one address may send per minute before it gets 429s. Default 60. */
  unprovenPerMinute?: number;
}

export interface AccessRefusal {
  status: 401 | 403;
  reason: string;
  /** Who the request says (401) or proves (403) it is from. */
  principal: string | null;
  method: string;
  path: string;
  /** The address an unproven request came from. */
  source?: string;
}

/** Where refusals go besides the process log (the coordinator's audit log). */
export interface AccessRefusalLog {
  record(refusal: AccessRefusal): Promise<void>;
  /** A source's refusals of one minute, when more came than `record` had in full. */
  summarise?(summary: RefusalSummary): Promise<void>;
}

/** A 401 whose sender proved nothing: counted per address, logged in full only the first of its kind per minute. */
export class UnprovenRequestException extends UnauthorizedException {
  constructor(
    reason: string,
    readonly source: string,
    readonly inFull: boolean,
  ) {
    super(reason);
  }
}

/** A 429: this source sent more unproven requests this minute than anyone signing their requests would. */
export class TooManyUnprovenRequestsException extends HttpException {
  constructor(
    readonly source: string,
    readonly first: boolean,
    perMinute: number,
  ) {
    super(
      {
        statusCode: 429,
        message: `too many unsigned or refused requests from ${source}: more than ${perMinute} this minute; sign your requests`,
        error: 'Too Many Requests',
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

interface HttpRequest {
  method: string;
  originalUrl: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  ip?: string;
  socket?: { remoteAddress?: string };
  principal?: Principal;
}

type Unproven = [Exclude<RefusalKind, 'too many' | 'forbidden'>, string];

const ROLE_NAMES: Record<Role, string> = {
  analyst: 'an analyst',
  steward: 'a steward',
  'ethics-board': 'a member of the ethics board',
};

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
    private readonly tally: RefusalTally = new RefusalTally({ perMinute: options.unprovenPerMinute }),
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
    const principal = this.authenticated(request);
    if (Array.isArray(principal)) return this.refuseUnproven(request, principal);
    const forbidden = this.forbidden(principal, allowed);
    if (forbidden) throw new ForbiddenException(forbidden);
    request.principal = principal;
    return true;
  }

  /** The principal, or why the request does not prove who sent it. */
  private authenticated(request: HttpRequest): Principal | Unproven {
    try {
      return this.authenticate(request);
    } catch (error) {
      // bootstrapHttp refuses such bodies first; this keeps the guard a 400, not a 500, wherever it runs.
      if (error instanceof CanonicalJsonError) throw new BadRequestException(`body: ${error.message}`);
      throw error;
    }
  }

  private authenticate(request: HttpRequest): Principal | Unproven {
    const [id, timestamp, nonce, signature] = [
      HEADERS.principal,
      HEADERS.timestamp,
      HEADERS.nonce,
      HEADERS.signature,
    ].map((h) => header(request, h));
    if (!id || !timestamp || !nonce || !signature)
      return ['unsigned', `sign the request: headers ${Object.values(HEADERS).join(', ')} are required`];
    const principal = principalFrom(this.options.principals, id);
    if (!principal) return ['unknown principal', `unknown principal ${id.slice(0, 80)}`];
    const at = Date.parse(timestamp);
    if (!Number.isFinite(at) || Math.abs(Date.now() - at) > this.freshnessMs)
      return [
        'stale',
        `stale or invalid ${HEADERS.timestamp}: requests must be signed within ${this.freshnessMs / 1000} s`,
      ];
    const parts = {
      method: request.method,
      path: request.originalUrl,
      body: request.body,
      principal: id,
      timestamp,
      nonce,
    };
    if (!verifyRequestSignature(parts, signature, principal.publicKey))
      return ['forged', `the request signature does not verify for ${id}`];
    // A replay carries a valid signature but proves nothing about who sent it again.
    if (!/^[0-9a-f]{32}$/.test(nonce) || !this.nonces.accept(id, nonce))
      return ['replayed', 'replayed request: this nonce was already used'];
    return principal;
  }

  /** 401 with the reason, or 429 once the source has sent too many such requests this minute. */
  private refuseUnproven(request: HttpRequest, [kind, reason]: Unproven): never {
    const source = request.ip ?? request.socket?.remoteAddress ?? 'unknown address';
    const { inFull, limited } = this.tally.count(source, kind);
    if (limited) throw new TooManyUnprovenRequestsException(source, inFull, this.options.unprovenPerMinute ?? 60);
    throw new UnprovenRequestException(reason, source, inFull);
  }

  private forbidden(principal: Principal, allowed: Role[]): string | null {
    if (!allowed.includes(principal.role))
      return `${principal.id} is ${ROLE_NAMES[principal.role]}; this needs ${allowed.map((r) => ROLE_NAMES[r]).join(' or ') || 'a role nobody has'}`;
    if (principal.role === 'steward' && this.options.organisation && principal.org !== this.options.organisation) {
      return `${principal.id} is a steward of ${principal.org}, not of ${this.options.organisation}`;
    }
    return null;
  }
}
