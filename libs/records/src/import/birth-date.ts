import { Parsed } from './field-values';

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

function calendarDate(year: number, month: number, day: number): CalendarDate | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    ? { year, month, day }
    : null;
}

/** A date as Dutch exports write it (DD-MM-YYYY, D/M/YYYY, DD.MM.YYYY) or as ISO (YYYY-MM-DD); an Excel date cell arrives as a Date. */
export function parseDate(value: string | Date): CalendarDate | null {
  if (value instanceof Date)
    return Number.isNaN(value.getTime())
      ? null
      : calendarDate(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
  const t = value.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (iso) return calendarDate(+iso[1], +iso[2], +iso[3]);
  const dutch = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(t);
  return dutch ? calendarDate(+dutch[3], +dutch[2], +dutch[1]) : null;
}

/** Full years between birth and the reference date. */
export function ageOn(birth: CalendarDate, on: CalendarDate): number {
  const hadBirthday = on.month > birth.month || (on.month === birth.month && on.day >= birth.day);
  return on.year - birth.year - (hadBirthday ? 0 : 1);
}

/** The reference date for a row: a fixed YYYY-MM-DD, or MM-DD in the row's year. */
export function referenceDate(setting: string, rowYear: number | undefined): CalendarDate | null {
  const [a, b, c] = setting.split('-').map(Number);
  if (c !== undefined) return calendarDate(a, b, c);
  return rowYear === undefined ? null : calendarDate(rowYear, a, b);
}

/** The catalog's age band ("0-3", "16-17", "18+") holding `age`, or why none does. */
export function ageBandOf(age: number, bands: string[], on: CalendarDate): Parsed<string> {
  const band = bands.find((b) => {
    const m = /^(\d+)\s*(?:-\s*(\d+)|\+)$/.exec(b);
    return m !== null && age >= Number(m[1]) && (m[2] === undefined || age <= Number(m[2]));
  });
  const date = `${on.year}-${String(on.month).padStart(2, '0')}-${String(on.day).padStart(2, '0')}`;
  return band
    ? { value: band }
    : { problem: `age ${age} on ${date} is outside every age band of the catalog (${bands.join(', ')})` };
}
