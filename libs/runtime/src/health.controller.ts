import { Controller, Get } from '@nestjs/common';
import { Public } from '@bfa/access';

/** Liveness only: says nothing about queries or data, so it needs no signature. */
@Controller('health')
@Public()
export class HealthController {
  @Get()
  health() {
    return { status: 'up' };
  }
}
