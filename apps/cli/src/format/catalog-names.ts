import { existsSync } from 'node:fs';
import type { Catalog } from '@bfa/policy';
import { policyFile, readPolicyDocument } from '@bfa/policy';
import reference from '../../../../seeds/reference/hart-van-brabant.json';

/** The names a table shows next to the codes it releases: wijk names (CBS), the catalog's labels. */
export interface Names {
  /** "Dongen: Wijk 01 Dongen (WK076601)" for a wijk code; the value itself for anything else. */
  value(dimension: string, value: string | number): string;
  dimension(name: string): string;
  dataset(id: string): string;
  field(dataset: string, name: string): string;
}

const TOTAL = 'Totaal';
const wijkNames = new Map<string, string>([
  ...reference.wijken.map((w) => [w.code, `${w.gemeentenaam}: ${w.name}`] as [string, string]),
  ...reference.wijken.map((w) => [w.gemeentecode, `${w.gemeentenaam} (gemeente)`] as [string, string]),
  [TOTAL, 'Hart van Brabant (regio)'],
]);

/** Names from the CBS reference and, when given, the catalog; a code without a name shows as itself. */
export function namesOf(catalog?: Catalog): Names {
  return {
    value: (dimension, value) => {
      const name = dimension === 'wijk' ? wijkNames.get(String(value)) : undefined;
      return name && value !== TOTAL ? `${name} (${value})` : (name ?? String(value));
    },
    dimension: (name) => catalog?.dimensions[name]?.label ?? name,
    dataset: (id) => (catalog?.datasets[id] ? `${catalog.datasets[id].label} (${id})` : id),
    field: (dataset, name) =>
      catalog?.datasets[dataset]?.fields[name]?.label ?? catalog?.dimensions[name]?.label ?? name,
  };
}

/** The catalog in a policies directory, for its labels; none without the directory (codes then stand alone). */
export function catalogIn(dir: string | undefined): Catalog | undefined {
  if (!dir || !existsSync(dir)) return undefined;
  return readPolicyDocument(policyFile(dir, 'catalog')).value as Catalog;
}
