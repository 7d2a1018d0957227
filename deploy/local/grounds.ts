import { ProcessingGrounds } from '@bfa/protocol';

/**
 * The demo's legal basis, DPIA and retention, which every partner's policy in policies/ accepts: spread it into
 * a query spec (`{ ...DEMO_GROUNDS, dataset, ... }`). The demo, the tests and the benchmarks all use this one.
 */
export const DEMO_GROUNDS: ProcessingGrounds = {
  legalBasis: 'avg-6-1-e-jeugdwet',
  dpia: 'DPIA-SMARTSTART-2026-01',
  retentionDays: 365,
};
