import { randomUUID } from 'node:crypto';
import { LoggerService } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import pino, { DestinationStream, Logger } from 'pino';

type Level = 'info' | 'warn' | 'error' | 'debug' | 'trace' | 'fatal';

/**
 * Nest's logger as one JSON object a line (pino): `{ level, time, app, context, msg }`, for a log collector. Written
 * synchronously, so the line that says why a process stops is out before it exits.
 */
export class JsonLogger implements LoggerService {
  readonly pino: Logger;

  constructor(app: string, destination: DestinationStream = pino.destination({ sync: true })) {
    this.pino = pino(
      {
        base: { app, pid: process.pid },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
      },
      destination,
    );
  }

  log(message: unknown, ...context: unknown[]): void {
    this.write('info', message, context);
  }

  warn(message: unknown, ...context: unknown[]): void {
    this.write('warn', message, context);
  }

  /** Nest passes (message, stack?, context?): the stack is kept apart from the message, never in it. */
  error(message: unknown, ...context: unknown[]): void {
    const stack =
      context.length > 1 && typeof context[0] === 'string' && context[0].includes('\n    at ')
        ? context.shift()
        : undefined;
    this.write('error', message, context, stack ? { stack } : {});
  }

  debug(message: unknown, ...context: unknown[]): void {
    this.write('debug', message, context);
  }

  verbose(message: unknown, ...context: unknown[]): void {
    this.write('trace', message, context);
  }

  fatal(message: unknown, ...context: unknown[]): void {
    this.write('fatal', message, context);
  }

  private write(level: Level, message: unknown, context: unknown[], extra: object = {}): void {
    const name = typeof context[context.length - 1] === 'string' ? (context[context.length - 1] as string) : undefined;
    const msg =
      message instanceof Error ? message.message : typeof message === 'string' ? message : JSON.stringify(message);
    this.pino[level]({ ...(name ? { context: name } : {}), ...extra }, msg);
  }
}

/** The query a path is about (/queries/<id>, /steward/queries/<id>/approve, ...), for finding its lines. */
const QUERY_IN_PATH = /\/queries\/([A-Za-z0-9_-]{1,100})(?:\/|$)/;

/**
 * One line per HTTP request, when it is answered: its id (the caller's X-Request-Id, or a fresh one, sent back),
 * method, path without the query string, the query it is about, status and milliseconds. Never a body or a header
 * beyond the id: bodies carry signatures, decisions and tables. /health is not logged (monitors poll it).
 */
export function requestLog(logger: JsonLogger) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const given = request.get('x-request-id');
    const requestId = given && /^[A-Za-z0-9._-]{1,100}$/.test(given) ? given : randomUUID();
    response.setHeader('x-request-id', requestId);
    const path = request.originalUrl.split('?')[0];
    if (path.startsWith('/health')) return next();
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const queryId = QUERY_IN_PATH.exec(path)?.[1];
      const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
      logger.pino.info(
        {
          context: 'HTTP',
          requestId,
          method: request.method,
          path,
          ...(queryId ? { queryId } : {}),
          status: response.statusCode,
          ms,
        },
        `${request.method} ${path} ${response.statusCode}`,
      );
    });
    next();
  };
}
