import reference from './reference/hart-van-brabant.json';
import { SeededRandom } from './prng';

export interface Wijk {
  code: string;
  gemeentecode: string;
  buurten: string[];
  /** Deterministic deprivation factor: scales every risk in this wijk. */
  deprivation: number;
  /** Children aged 0..18 living here (18 so that the 2023 cohort of 17-year-olds exists). */
  childrenByAge: number[];
}

export interface Municipality {
  code: string;
  name: string;
  lowIncomePct: number;
  socialMinimumPct: number;
  youthCarePct: number;
}

export const YEARS = [2023, 2024] as const;
export const AGE_BANDS = ['0-3', '4-11', '12-15', '16-17'] as const;

export function ageBand(age: number): string {
  return age <= 3 ? '0-3' : age <= 11 ? '4-11' : age <= 15 ? '12-15' : '16-17';
}

export function municipalities(): Municipality[] {
  return reference.gemeenten.map((g) => ({
    code: g.gemeentecode,
    name: g.gemeentenaam,
    lowIncomePct: g.pct_hh_laag_inkomen,
    socialMinimumPct: g.pct_rond_sociaal_min,
    youthCarePct: g.pct_jeugdzorg,
  }));
}

/** Children per age in a municipality from CBS 2022: 0-14 from the 0_15 share, 15-18 from a part of 15_25. */
function childrenPerAge(g: (typeof reference.gemeenten)[number]): number[] {
  const under15 = (g.aantal_inwoners * g['0_15']) / 100 / 15;
  const from15 = (g.aantal_inwoners * g['15_25']) / 100 / 10;
  return Array.from({ length: 19 }, (_, age) => (age < 15 ? under15 : from15));
}

/**
 * CBS publishes no wijk-level child counts in shared/data, so each municipality's children are spread
 * over its wijken in proportion to their number of buurten (Tilburg's wijken have many, village
 * wijken one or two), with ±30 % deterministic jitter. Plausible, not real. A wijk without CBS buurten (Goirle's
 * sports park, WK078522) gets no children, so every child lives in a real buurt of its wijk.
 */
export function wijken(random: SeededRandom, scale: number): Wijk[] {
  const buurtenOf = new Map<string, string[]>();
  for (const b of reference.buurten) buurtenOf.set(b.wijkcode, [...(buurtenOf.get(b.wijkcode) ?? []), b.code]);
  return reference.gemeenten.flatMap((g) => {
    const inGemeente = reference.wijken.filter((w) => w.gemeentecode === g.gemeentecode);
    const weights = inGemeente.map((w) => (buurtenOf.get(w.code)?.length ?? 0) * (0.7 + 0.6 * random.next()));
    const total = weights.reduce((s, w) => s + w, 0);
    const perAge = childrenPerAge(g);
    return inGemeente.map((w, i) => ({
      code: w.code,
      gemeentecode: g.gemeentecode,
      buurten: buurtenOf.get(w.code) ?? [`BU${w.code.slice(2)}00`],
      deprivation: 0.4 + 2.1 * random.next() ** 2,
      childrenByAge: perAge.map((n) => Math.round((n * scale * weights[i]) / total)),
    }));
  });
}
