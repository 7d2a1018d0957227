import { readFileSync } from 'node:fs';

/** Where one address lies: CBS wijk and buurt codes as the catalog writes them (WK……, BU……). */
export interface Location {
  wijk: string;
  buurt: string;
}

/** A 6-position postcode as written in an export ("5038 AB", "5038ab") in CBS's form ("5038AB"); null if it isn't one. */
export function normalisePostcode(value: string): string | null {
  const compact = value.replace(/\s+/g, '').toUpperCase();
  return /^[1-9]\d{3}[A-Z]{2}$/.test(compact) ? compact : null;
}

/**
 * CBS's postcode–house-number–buurt table (pc6hnr: `PC6;Huisnummer;BuurtYYYY;WijkYYYY;GemeenteYYYY`, codes as
 * digits). Lines starting with `#` are comments; the product's synthetic table says in them that it is synthetic.
 */
export class PostcodeTable {
  private constructor(private readonly byPostcode: Map<string, Map<number, Location>>) {}

  static read(file: string): PostcodeTable {
    return PostcodeTable.parse(readFileSync(file, 'utf8'), file);
  }

  static parse(text: string, file = 'postcode table'): PostcodeTable {
    const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.startsWith('#'));
    const header = (lines.shift() ?? '').split(';').map((h) => h.trim().replace(/^"|"$/g, ''));
    const at = (prefix: string) => header.findIndex((h) => h.toLowerCase().startsWith(prefix));
    const [pc6, number, buurt, wijk] = ['pc6', 'huisnummer', 'buurt', 'wijk'].map(at);
    if ([pc6, number, buurt, wijk].includes(-1))
      throw new Error(`${file}: not a pc6hnr table (needs columns PC6;Huisnummer;Buurt…;Wijk…)`);
    const byPostcode = new Map<string, Map<number, Location>>();
    for (const line of lines) {
      const cells = line.split(';').map((c) => c.trim().replace(/^"|"$/g, ''));
      const numbers = byPostcode.get(cells[pc6]) ?? new Map<number, Location>();
      numbers.set(Number(cells[number]), {
        wijk: `WK${cells[wijk].padStart(6, '0')}`,
        buurt: `BU${cells[buurt].padStart(8, '0')}`,
      });
      byPostcode.set(cells[pc6], numbers);
    }
    return new PostcodeTable(byPostcode);
  }

  /** The address's wijk and buurt, or why it can't be placed. Without a house number only a postcode lying in one buurt places it. */
  locate(postcode: string, houseNumber?: number): Location | string {
    const numbers = this.byPostcode.get(postcode);
    if (!numbers) return 'postcode not in the postcode table';
    if (houseNumber !== undefined)
      return numbers.get(houseNumber) ?? 'house number not in the postcode table for this postcode';
    const buurten = new Set([...numbers.values()].map((l) => l.buurt));
    if (buurten.size > 1) return 'postcode lies in several buurten: map a house number column (postcode.houseNumber)';
    return numbers.values().next().value!;
  }
}
