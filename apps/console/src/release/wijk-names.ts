import wijken from './wijken-2014.geo.json';

export interface WijkFeature {
  type: 'Feature';
  properties: { code: string; name: string; gemeentecode: string; gemeentenaam: string };
  geometry: { type: 'Polygon'; coordinates: number[][][] };
}

/**
 * The region's 59 wijken (CBS Wijk- en buurtkaart 2014, CC BY 4.0; see wijken-2014.source.md). Their `code`
 * (WKggggww) is the catalog's wijk code, so a release's wijk cells join the shapes on it, and the gemeente
 * totals (GMgggg) join the shapes' `gemeentecode`.
 */
export const WIJKEN = (wijken as { features: WijkFeature[] }).features;

/** The name of a wijk (WK…) or gemeente (GM…) code, from the shapes; nothing for another value. */
export function placeName(code: string): string | undefined {
  const wijk = WIJKEN.find((f) => f.properties.code === code);
  if (wijk) return wijk.properties.name;
  return WIJKEN.find((f) => f.properties.gemeentecode === code)?.properties.gemeentenaam;
}
