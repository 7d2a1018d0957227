import { ageBand, YEARS } from '../region';
import { ageIn, Child } from '../population';

export type Row = Record<string, string | number | boolean>;

/** What one partner holds: rows per table. */
export type PartnerData = Record<string, Row[]>;

export function baseRow(child: Child, year: number, age: number): Row {
  return { child_ref: child.childRef, wijk: child.wijk, buurt: child.buurt, age_band: ageBand(age), year };
}

/** Calls `each` for every year in which the child is 0..17. */
export function forEachChildYear(children: Child[], each: (child: Child, year: number, age: number) => void): void {
  for (const child of children) {
    for (const year of YEARS) {
      const age = ageIn(child, year);
      if (age !== null) each(child, year, age);
    }
  }
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(value)));
}

export function signal(child: Child, year: number, age: number, name: string, severity: number): Row {
  return { ...baseRow(child, year, age), signal: name, severity: clamp(severity, 1, 3) };
}
