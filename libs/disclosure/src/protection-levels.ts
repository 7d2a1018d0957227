import { LinkedTable } from './linked-table';

/** How far an attacker's interval for a primary cell must reach above and below its value. */
export interface ProtectionRequirement {
  cell: number;
  upper: number;
  lower: number;
}

/** A level is the larger of an absolute amount and a fraction of the cell's value. */
export interface ProtectionLevel {
  fraction?: number;
  absolute?: number;
}

export interface ProtectionPolicy {
  upper: ProtectionLevel;
  lower: ProtectionLevel;
}

/**
 * Per-cell requirements from a policy. A fraction alone protects nothing for a zero cell, so tables of counts
 * need an absolute level too (e.g. the minimum cell size upwards).
 */
export function protectionRequirements(
  table: LinkedTable,
  primary: number[],
  policy: ProtectionPolicy,
): ProtectionRequirement[] {
  for (const [side, level] of Object.entries(policy)) {
    for (const [name, amount] of Object.entries(level as ProtectionLevel)) {
      if (amount !== undefined && (!Number.isFinite(amount) || amount < 0))
        throw new RangeError(`${side} ${name} protection must be a finite non-negative number`);
    }
  }
  return primary.map((cell) => {
    const value = table.cells[cell].value;
    const level = (l: ProtectionLevel) => Math.max(l.absolute ?? 0, (l.fraction ?? 0) * value);
    return { cell, upper: level(policy.upper), lower: level(policy.lower) };
  });
}

/** The policy as summary parameters: amounts from policy, never from a cell. */
export function protectionParameters(policy: ProtectionPolicy): Record<string, number> {
  const entries = (side: 'upper' | 'lower'): [string, number][] => [
    [`${side}ProtectionFraction`, policy[side].fraction ?? 0],
    [`${side}ProtectionAbsolute`, policy[side].absolute ?? 0],
  ];
  return Object.fromEntries([...entries('upper'), ...entries('lower')]);
}

/** The attacker knows cells are non-negative, so a cell can be protected downwards by at most its value. */
export function lowerReach(requirement: ProtectionRequirement, value: number): number {
  return Math.min(requirement.lower, value);
}
