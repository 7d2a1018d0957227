import 'reflect-metadata';
import { parentPort } from 'node:worker_threads';
import { protectMeanRelease } from './mean-release';
import { protectRateRelease } from './rate-release';
import { protectCombinationRelease, protectRelease } from './release-table';
import { protectCombinationMargins } from './combination-margins';
import { protectCocktailRelease } from './cocktail-ledger';
import { protectCohortRelease } from './cohort-ledger';
import type { DisclosureJob, DisclosureOutcome } from './disclosure-workers';

// A worker thread of DisclosureWorkers: never imported, started by path. The protections are pure functions of
// their arguments (the ledger included), so they run here as they would on the coordinator's event loop.
const PROTECT = { protectRelease, protectMeanRelease, protectRateRelease, protectCombinationRelease, protectCombinationMargins, protectCocktailRelease, protectCohortRelease } as Record<string, (...args: unknown[]) => Promise<unknown>>;

parentPort!.on('message', async ({ id, protection, args }: DisclosureJob) => {
  let outcome: DisclosureOutcome;
  try {
    outcome = { id, value: await PROTECT[protection](...args) };
  } catch (error) {
    outcome = { id, error: (error as Error).message ?? String(error), refusal: (error as Error).constructor?.name };
  }
  parentPort!.postMessage(outcome);
});
