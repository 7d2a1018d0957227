import {
  ArgumentsHost,
  BeforeApplicationShutdown,
  Catch,
  ExceptionFilter,
  ForbiddenException,
  Inject,
  Logger,
  OnModuleInit,
  Optional,
  UnauthorizedException,
} from '@nestjs/common';
import {
  ACCESS_REFUSALS,
  AccessRefusal,
  AccessRefusalLog,
  TooManyUnprovenRequestsException,
  UnprovenRequestException,
} from './access.guard';
import { RefusalSummary, RefusalTally } from './refusal-tally';
import { HEADERS } from './request-signature';

interface HttpExchange {
  request: { method: string; originalUrl: string; headers: Record<string, unknown>; principal?: { id: string } };
  response: { status(code: number): { json(body: unknown): void } };
}

type Refused = UnauthorizedException | ForbiddenException | TooManyUnprovenRequestsException;

/** How often ended minutes' summaries are written. */
const SUMMARY_INTERVAL_MS = 5_000;

/** A principal refused more often than this in a minute is summarised, not logged each time: a stolen key can't flood the log either. */
const FORBIDDEN_IN_FULL = 10;

/**
 * Every 401 and 403, from the guard or from a controller (a query that is not yours), is logged with its reason,
 * but only so many per source and minute, the rest in a summary per source and minute, so a flood grows neither
 * the logs nor memory per request: unproven requests (and their 429s) the first of each kind per address, 403s
 * the first ten per principal.
 */
@Catch(UnauthorizedException, ForbiddenException, TooManyUnprovenRequestsException)
export class AccessRefusalFilter implements ExceptionFilter, OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('Access');
  private readonly forbidden = new RefusalTally({ perMinute: Infinity, inFull: FORBIDDEN_IN_FULL, proven: true });
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly unproven: RefusalTally,
    @Optional() @Inject(ACCESS_REFUSALS) private readonly refusals?: AccessRefusalLog,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.summarise(), SUMMARY_INTERVAL_MS).unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.summarise(true);
  }

  async catch(exception: Refused, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const { request, response } = {
      request: http.getRequest<HttpExchange['request']>(),
      response: http.getResponse<HttpExchange['response']>(),
    };
    try {
      await this.log(exception, request);
    } finally {
      response.status(exception.getStatus()).json(exception.getResponse());
    }
  }

  private async log(exception: Refused, request: HttpExchange['request']): Promise<void> {
    if (exception instanceof TooManyUnprovenRequestsException) {
      if (exception.first)
        this.logger.warn(
          `access limited (429) for ${exception.source}: ${exception.message}; counted in its minute's summary from now on`,
        );
      return;
    }
    const refusal = this.refusalOf(exception, request);
    if (!this.inFull(exception, refusal)) return;
    this.logger.warn(
      `access refused (${refusal.status}) ${refusal.method} ${refusal.path} for ${refusal.principal ?? 'anonymous'}${refusal.source ? ` from ${refusal.source}` : ''}: ${refusal.reason}`,
    );
    await this.refusals?.record(refusal);
  }

  private inFull(exception: UnauthorizedException | ForbiddenException, refusal: AccessRefusal): boolean {
    if (exception instanceof UnprovenRequestException) return exception.inFull;
    if (exception instanceof ForbiddenException && refusal.principal)
      return this.forbidden.count(refusal.principal, 'forbidden').inFull;
    return true;
  }

  private refusalOf(
    exception: UnauthorizedException | ForbiddenException,
    request: HttpExchange['request'],
  ): AccessRefusal {
    const claimed = request.headers[HEADERS.principal];
    return {
      status: exception.getStatus() as 401 | 403,
      reason: exception.message,
      principal: request.principal?.id ?? (typeof claimed === 'string' ? claimed.slice(0, 80) : null),
      method: request.method,
      path: request.originalUrl.split('?')[0].slice(0, 200),
      ...(exception instanceof UnprovenRequestException ? { source: exception.source } : {}),
    };
  }

  private async summarise(all = false): Promise<void> {
    const now = Date.now();
    for (const summary of [...this.unproven.drain(now, all), ...this.forbidden.drain(now, all)]) {
      this.logger.warn(
        `access refused ${summary.requests} times from ${summary.source} ${summary.from} to ${summary.to} (${kinds(summary)})`,
      );
      await this.refusals
        ?.summarise?.(summary)
        .catch((error) => this.logger.error(`could not write the refusal summary: ${error}`));
    }
  }
}

const kinds = (summary: RefusalSummary) =>
  Object.entries(summary.byKind)
    .map(([kind, n]) => `${kind}: ${n}`)
    .join(', ');
