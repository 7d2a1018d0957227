import reference from './reference/hart-van-brabant.json';

/** A school of the school board: its BRIN code and the wijk its pupils come from. */
export interface School {
  brin: string;
  wijk: string;
}

const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXZ';
/** One school per this many buurten of a wijk, at least one and at most three: Tilburg's large wijken get three, a village one. */
const BUURTEN_PER_SCHOOL = 4;
const MOST_PER_WIJK = 3;

function fnv(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

/** A BRIN-like code (2 digits, 2 letters, as "12AB"), drawn from the wijk and the school's number there, unique in the region. */
function brinOf(wijk: string, n: number, taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const h = fnv(`${wijk}:${n}:${attempt}`);
    const code = `${String(h % 100).padStart(2, '0')}${LETTERS[Math.floor(h / 100) % LETTERS.length]}${LETTERS[Math.floor(h / 2200) % LETTERS.length]}`;
    if (!taken.has(code)) return code;
  }
}

/**
 * The school board's schools, in the catalog's order (by wijk as the catalog lists them), the same for every seed
 * and scale, because the catalog lists them: synthetic codes in the real BRIN format. A wijk without CBS buurten
 * (a sports park) has no children and no school.
 */
export function schools(): School[] {
  const buurten = new Map<string, number>();
  for (const b of reference.buurten) buurten.set(b.wijkcode, (buurten.get(b.wijkcode) ?? 0) + 1);
  const taken = new Set<string>();
  return reference.wijken.flatMap((w) => {
    const count = Math.min(MOST_PER_WIJK, Math.ceil((buurten.get(w.code) ?? 0) / BUURTEN_PER_SCHOOL));
    return Array.from({ length: count }, (_, n) => {
      const brin = brinOf(w.code, n, taken);
      taken.add(brin);
      return { brin, wijk: w.code };
    });
  });
}

/** The schools of one wijk, by wijk code. */
export function schoolsByWijk(): Map<string, string[]> {
  const byWijk = new Map<string, string[]>();
  for (const s of schools()) byWijk.set(s.wijk, [...(byWijk.get(s.wijk) ?? []), s.brin]);
  return byWijk;
}
