import { join } from 'node:path';
import { canonicalHash } from '@bfa/crypto';
import { ARM, loadPolicies } from '@bfa/policy';
import { generateRegion } from './region-data';

const { catalog } = loadPolicies(join(__dirname, '..', 'policies'));
const SMALL = 0.05;

describe('seeded region', () => {
  const region = generateRegion(7, SMALL);

  it('is deterministic: the same seed gives the same rows, another seed other rows', () => {
    expect(canonicalHash(generateRegion(7, SMALL))).toBe(canonicalHash(region));
    expect(canonicalHash(generateRegion(8, SMALL))).not.toBe(canonicalHash(region));
  });

  it('fits the catalog: dimension values on the grid, fields of the right type and range, no other columns', () => {
    const problems: string[] = [];
    for (const [org, data] of Object.entries(region)) {
      for (const [table, rows] of Object.entries(data)) {
        const dataset = Object.values(catalog.datasets).find((d) => d.table === table)!;
        expect(dataset.holders).toContain(org);
        expect(rows.length).toBeGreaterThan(0);
        const stored = dataset.dimensions.filter((d) => d !== ARM);
        const allowed = [...new Set(['child_ref', 'buurt', ...stored, ...Object.keys(dataset.fields)])].sort().join();
        for (const row of rows) {
          if (Object.keys(row).sort().join() !== allowed) problems.push(`${table}: columns ${Object.keys(row)}`);
          for (const d of stored)
            if (!catalog.dimensions[d].values.includes(row[d] as string)) problems.push(`${table}.${d} = ${row[d]}`);
          for (const [name, field] of Object.entries(dataset.fields)) {
            const value = row[name];
            const fits =
              field.type === 'boolean'
                ? typeof value === 'boolean'
                : field.type === 'category'
                  ? typeof value === 'string' && (!field.values || field.values.includes(value))
                  : Number.isInteger(value) &&
                    (value as number) >= (field.min ?? -Infinity) &&
                    (value as number) <= (field.max ?? Infinity);
            if (!fits) problems.push(`${table}.${name} = ${value}`);
          }
        }
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it("derives every risk signal from the signalling partner's own records", () => {
    const own = (org: string, table: string) => new Set(region[org][table].map((r) => `${r.child_ref}|${r.year}`));
    const sources: Record<string, Set<string>> = {
      gemeente: own('gemeente', 'children_households'),
      sterkhuis: own('sterkhuis', 'youth_care_trajectories'),
      ggd: own('ggd', 'health_monitor'),
      schoolbestuur: own('schoolbestuur', 'pupils'),
    };
    for (const [org, data] of Object.entries(region)) {
      for (const signal of data.risk_signals) expect(sources[org].has(`${signal.child_ref}|${signal.year}`)).toBe(true);
    }
  });

  it('gives the same child the same identifier at every partner, and a valid-looking BSN', () => {
    const population = new Set(region.gemeente.children_households.map((r) => r.child_ref));
    for (const row of region.sterkhuis.youth_care_trajectories) expect(population.has(row.child_ref)).toBe(true);
    for (const bsn of [...population].slice(0, 200) as string[]) {
      const digits = [...bsn].map(Number);
      expect(digits.slice(0, 8).reduce((s, d, i) => s + d * (9 - i), 0) % 11).toBe(digits[8]);
    }
  });

  it('sizes the region from CBS figures: about 90 thousand children a year at scale 1', () => {
    const perYear = generateRegion(1, 1, ['gemeente']).gemeente.children_households.filter(
      (r) => r.year === 2024,
    ).length;
    expect(perYear).toBeGreaterThan(80_000);
    expect(perYear).toBeLessThan(100_000);
  });
});
