import { ArgumentsHost, BeforeApplicationShutdown, Catch, ExceptionFilter, ForbiddenException, Inject, Logger, OnModuleInit, Optional, UnauthorizedException } from '@nestjs/common';
import { ACCESS_REFUSALS, AccessRefusal, AccessRefusalLog, TooManyUnprovenRequestsException, UnprovenRequestException } from './access.guard';
import { RefusalSummary, RefusalTally } from './refusal-tally';
import { HEADERS } from './request-signature';

interface HttpExchange {
  request: { method: string; originalUrl: string; headers: Record<string, unknown>; principal?: { id: string } };
  response: { status(code: number): { json(body: unknown): void } };
}

type Refused = UnauthorizedException | ForbiddenException | TooManyUnprovenRequestsException;

/** How often ended minutes' summaries are written. */
const SUMMARY_INTERVAL_MS = 5_000;

/**
 * Every 401 and 403, from the guard or from a controller (a query that is not yours), is logged with its reason;
 * unproven requests (and their 429s) only the first of each kind per source and minute, then in a summary per
 * source and minute, so a flood of them grows neither the logs nor memory per request.
 */
@Catch(UnauthorizedException, ForbiddenException, TooManyUnprovenRequestsException)
export class AccessRefusalFilter implements ExceptionFilter, OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('Access');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly tally: RefusalTally,
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
    const { request, response } = { request: http.getRequest<HttpExchange['request']>(), response: http.getResponse<HttpExchange['response']>() };
    try {
      await this.log(exception, request);
    } finally {
      response.status(exception.getStatus()).json(exception.getResponse());
    }
  }

  private async log(exception: Refused, request: HttpExchange['request']): Promise<void> {
    if (exception instanceof TooManyUnprovenRequestsException) {
      if (exception.firstOfKind) this.logger.warn(`access limited (429) for ${exception.source}: ${exception.message}; counted in its minute's summary from now on`);
      return;
    }
    if (exception instanceof UnprovenRequestException && !exception.firstOfKind) return;
    const refusal = this.refusalOf(exception, request);
    this.logger.warn(`access refused (${refusal.status}) ${refusal.method} ${refusal.path} for ${refusal.principal ?? 'anonymous'}${refusal.source ? ` from ${refusal.source}` : ''}: ${refusal.reason}`);
    await this.refusals?.record(refusal);
  }

  private refusalOf(exception: UnauthorizedException | ForbiddenException, request: HttpExchange['request']): AccessRefusal {
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
    for (const summary of this.tally.drain(Date.now(), all)) {
      this.logger.warn(`unproven requests from ${summary.source} ${summary.from} to ${summary.to}: ${summary.requests} (${kinds(summary)})`);
      await this.refusals?.summarise?.(summary).catch((error) => this.logger.error(`could not write the refusal summary: ${error}`));
    }
  }
}

const kinds = (summary: RefusalSummary) => Object.entries(summary.byKind).map(([kind, n]) => `${kind}: ${n}`).join(', ');
