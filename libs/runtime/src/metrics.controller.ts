import { Controller, ForbiddenException, Get, Header, Req } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Public } from '@bfa/access';
import { Metrics } from './metrics';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Headers a reverse proxy adds: a request it relayed comes from loopback too, but not from this machine's operator. */
const RELAYED = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

/**
 * Counts and durations only, but how many queries run and are refused is still the federation's business: served
 * unsigned to a scraper on the same machine (loopback) and to no one else, so it needs no key of its own.
 */
@Controller('metrics')
@Public()
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(@Req() request: Request): Promise<string> {
    if (
      !LOOPBACK.has(request.socket.remoteAddress ?? '') ||
      RELAYED.some((header) => request.headers[header] !== undefined)
    ) {
      throw new ForbiddenException('metrics are served on loopback only, not through a proxy');
    }
    return this.metrics.exposition();
  }
}

export const REFUSAL_CLASSES = ['access', 'query', 'execution', 'decryption', 'disclosure'] as const;
export type RefusalClass = (typeof REFUSAL_CLASSES)[number];

/** `bfa_refusals_total` by reason class: the same family at the coordinator and at every node. */
export function refusalCounter(metrics: Metrics) {
  return metrics.counter<RefusalClass>(
    'bfa_refusals_total',
    'Requests refused, by reason class (access: HTTP 401, 403 and 429).',
    { name: 'reason', values: REFUSAL_CLASSES },
  );
}

/** Every HTTP request refused for who sent it (401, 403, 429), each counted, also those the audit log only summarises. */
export function countAccessRefusals(refusals: ReturnType<typeof refusalCounter>) {
  return (request: Request, response: Response, next: NextFunction): void => {
    response.once('finish', () => [401, 403, 429].includes(response.statusCode) && refusals.inc('access'));
    next();
  };
}
