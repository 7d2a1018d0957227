import { Command, InvalidArgumentError } from 'commander';
import { QuerySpec } from '@bfa/protocol';

export interface GroundsOptions {
  legalBasis?: string;
  dpia?: string;
  retentionDays?: number;
}

function days(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of days, at least 1');
  return n;
}

/** `analyst submit`'s options for what the processing rests on; each overrides the same field of the query file. */
export function withGrounds(command: Command): Command {
  return command
    .option(
      '--legal-basis <id>',
      "the legal basis, an id from the platform policy's legalBases (e.g. avg-6-1-e-jeugdwet)",
    )
    .option('--dpia <reference>', 'the reference of the DPIA that covers this query (e.g. DPIA-SMARTSTART-2026-01)')
    .option('--retention-days <days>', 'how many days the release may be kept', days);
}

/** The query file's spec with the grounds given on the command line; what neither gives, the coordinator refuses by name. */
export function withStatedGrounds(spec: QuerySpec, options: GroundsOptions): QuerySpec {
  return {
    ...spec,
    ...(options.legalBasis !== undefined ? { legalBasis: options.legalBasis } : {}),
    ...(options.dpia !== undefined ? { dpia: options.dpia } : {}),
    ...(options.retentionDays !== undefined ? { retentionDays: options.retentionDays } : {}),
  };
}
