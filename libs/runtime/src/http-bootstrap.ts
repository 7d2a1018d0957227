import { INestApplication, ValidationPipe } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json } from 'express';
import type { NextFunction, Request, Response } from 'express';
import { jsonShapeProblem } from '@bfa/crypto';
import { auditCors } from './audit-cors';
import { serveConsole } from './console-static';

/**
 * JSON no client of the platform sends (nested past MAX_JSON_DEPTH, or `1e999`, which parses as Infinity) is
 * a 400 here, before the signature check hashes the body or validation walks it: both recurse, and canonical
 * JSON refuses Infinity, so either would otherwise be a 500.
 */
export function refuseUnreadableJson(request: Request, response: Response, next: NextFunction): void {
  const problem = jsonShapeProblem(request.body);
  if (!problem) return next();
  response.status(400).json({ statusCode: 400, message: [`body: ${problem}`], error: 'Bad Request' });
}

/** A body past the parser's limit is a 413 that says so, instead of express's page. */
export function refuseOversizedBody(
  error: { type?: string; limit?: number },
  _request: Request,
  response: Response,
  next: NextFunction,
): void {
  if (error?.type !== 'entity.too.large') return next(error);
  response.status(413).json({
    statusCode: 413,
    message: [`body: larger than the ${error.limit} bytes this route accepts`],
    error: 'Payload Too Large',
  });
}

export interface HttpOptions {
  consoleDir?: string;
  consoleConnect?: string[];
  auditCorsOrigin?: string;
  /** Routes taking larger JSON bodies than the default 100 kB (the steward's upload): path → bytes. */
  largeBodies?: Record<string, number>;
}

/**
 * Every HTTP input is validated and unknown properties are refused, so a malformed body is a 400 with
 * its reasons and never reaches a handler. With `consoleDir`, the web console's files are served under /console/, allowed to
 * call `consoleConnect` too; with `auditCorsOrigin`, that origin's page may read this process's audit log (libs/runtime/src/audit-cors.ts).
 */
export async function bootstrapHttp(
  app: INestApplication,
  port: number,
  options: HttpOptions = {},
): Promise<{ console: boolean }> {
  if (options.auditCorsOrigin) app.use(auditCors(options.auditCorsOrigin));
  for (const [path, limit] of Object.entries(options.largeBodies ?? {})) app.use(path, json({ limit }));
  // The JSON parser registered now, rather than at listen, so the shape check runs right after it.
  (app as NestExpressApplication).useBodyParser('json');
  app.use(refuseOversizedBody);
  app.use(refuseUnreadableJson);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.enableShutdownHooks();
  const served = serveConsole(app as NestExpressApplication, options.consoleDir, options.consoleConnect);
  await app.listen(port, '127.0.0.1');
  return { console: served };
}
