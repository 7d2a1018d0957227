import 'reflect-metadata';
import { serveJobs } from '@bfa/workers';
import { protectMeanRelease } from './mean-release';
import { protectRateRelease } from './rate-release';
import { protectCombinationRelease, protectRelease } from './release-table';
import { protectCombinationMargins } from './combination-margins';
import { protectCocktailRelease } from './cocktail-ledger';
import { protectCohortRelease } from './cohort-ledger';
import type { DisclosureJob } from './disclosure-workers';

// A worker thread of DisclosureWorkers: never imported, started by path. The protections are pure functions of
// their arguments (the ledger included), so they run here as they would on the coordinator's event loop.
const PROTECT = {
  protectRelease,
  protectMeanRelease,
  protectRateRelease,
  protectCombinationRelease,
  protectCombinationMargins,
  protectCocktailRelease,
  protectCohortRelease,
  // Started ahead of the first release (DisclosureWorkers.warm): the thread has loaded the code above by now.
  warm: async () => null,
} as Record<string, (...args: unknown[]) => Promise<unknown>>;

serveJobs(({ protection, args }: DisclosureJob) => PROTECT[protection](...args));
