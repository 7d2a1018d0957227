import { Controller, Get, Optional, ServiceUnavailableException } from '@nestjs/common';
import { Public } from '@bfa/access';
import { Readiness } from './readiness';

/** Liveness and readiness: they say nothing about queries or data, so they need no signature. */
@Controller('health')
@Public()
export class HealthController {
  constructor(@Optional() private readonly readiness?: Readiness) {}

  @Get()
  health() {
    return { status: 'up' };
  }

  /** 200 when nothing is missing; otherwise 503 naming what is (NATS down, the rⁿ pool empty). */
  @Get('ready')
  ready() {
    const missing = this.readiness?.missing() ?? [];
    if (missing.length > 0) throw new ServiceUnavailableException({ status: 'not ready', missing });
    return { status: 'ready' };
  }
}
