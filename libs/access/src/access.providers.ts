import { Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AccessRefusalFilter } from './access-refusal.filter';
import { ACCESS_OPTIONS, AccessGuard, AccessOptions } from './access.guard';
import { RefusalTally } from './refusal-tally';

/** Puts the AccessGuard in front of every route of an app, and logs every 401 and 403 it answers (unproven ones counted per source and minute). */
export function accessProviders(options: AccessOptions): Provider[] {
  return [
    { provide: ACCESS_OPTIONS, useValue: options },
    { provide: RefusalTally, useValue: new RefusalTally({ perMinute: options.unprovenPerMinute }) },
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_FILTER, useClass: AccessRefusalFilter },
  ];
}
