import { ArgumentsHost, Catch, ExceptionFilter, ForbiddenException, Inject, Logger, Optional, UnauthorizedException } from '@nestjs/common';
import { ACCESS_REFUSALS, AccessRefusal, AccessRefusalLog } from './access.guard';
import { HEADERS } from './request-signature';

interface HttpExchange {
  request: { method: string; originalUrl: string; headers: Record<string, unknown>; principal?: { id: string } };
  response: { status(code: number): { json(body: unknown): void } };
}

/** Every 401 and 403, from the guard or from a controller (a query that is not yours), is logged with its reason. */
@Catch(UnauthorizedException, ForbiddenException)
export class AccessRefusalFilter implements ExceptionFilter {
  private readonly logger = new Logger('Access');

  constructor(@Optional() @Inject(ACCESS_REFUSALS) private readonly refusals?: AccessRefusalLog) {}

  async catch(exception: UnauthorizedException | ForbiddenException, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const { request, response } = { request: http.getRequest<HttpExchange['request']>(), response: http.getResponse<HttpExchange['response']>() };
    const claimed = request.headers[HEADERS.principal];
    const refusal: AccessRefusal = {
      status: exception.getStatus() as 401 | 403,
      reason: exception.message,
      principal: request.principal?.id ?? (typeof claimed === 'string' ? claimed.slice(0, 80) : null),
      method: request.method,
      path: request.originalUrl.split('?')[0],
    };
    this.logger.warn(`access refused (${refusal.status}) ${refusal.method} ${refusal.path} for ${refusal.principal ?? 'anonymous'}: ${refusal.reason}`);
    try {
      await this.refusals?.record(refusal);
    } finally {
      response.status(refusal.status).json(exception.getResponse());
    }
  }
}
