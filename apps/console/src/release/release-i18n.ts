import { useContext } from 'preact/hooks';
import { Language, LanguageContext } from '../i18n';

/** The release view's words, beside the console's (../i18n.ts), in the same two languages. */
const nl = {
  viewRelease: 'Vrijgave bekijken',
  releaseOf: 'Vrijgegeven tabel',
  close: 'Sluiten',
  loading: 'Vrijgave laden…',
  summary: 'Bescherming',
  shownOf: '{shown} van {total} cellen getoond, {hidden} verborgen.',
  measureCount: 'Aantal',
  measureSum: 'Som van {field}',
  measureMeanSum: 'Som van {field} (gemiddelde en interval in de tabel)',
  measureRateCount: 'Aantal (per {per} in de tabel)',
  estimate: 'Schatting',
  interval: '95%-betrouwbaarheidsinterval',
  intervalRange: '{lower} tot {upper}',
  methodMean:
    'Methode: gemiddelde over de records van de cel uit de opgetelde aantallen, sommen en kwadratensommen; standaardafwijking (n − 1) en 95%-interval gemiddelde ± t(0,975; n − 1) · SD / √n. Alleen waar aantal en som beide zijn vrijgegeven.',
  methodRate:
    'Methode: aantal per {per} van de noemer, met een 95%-interval ({interval}), waarbij de teller als binomiaal aantal uit de noemer wordt opgevat. Alleen waar teller en noemer beide zijn vrijgegeven.',
  measure: 'Maat',
  dataset: 'Gegevensverzameling',
  filters: 'Filters',
  none: 'geen',
  contributedBy: 'Gegevens van',
  decryptedBy: 'Ontsleuteld door',
  releasedAt: 'Vrijgegeven op',
  minCellSize: 'Kleinste getoonde cel (k)',
  factors: 'Combinatie van factoren',
  allFactors: 'kinderen met alle factoren',
  cocktailFactors: 'de risicofactoren van de cocktailanalyse',
  cohortOutcomes: 'de uitkomsten van het cohort, waarvan een kind er minstens één heeft',
  atLeastFactors: 'kinderen met minstens {m} van de factoren',
  value: 'Waarde',
  mark: 'Markering',
  hiddenSymbol: '×',
  hidden: 'verborgen',
  legend: 'Legenda',
  legendSymbol: '× verborgen: de waarde is niet vrijgegeven, om de regel die erbij staat.',
  cellsHidden: '{cells} cellen',
  cellsChanged: '{cells} cellen',
  'rule.primary-frequency': 'kleine cel',
  'rule.dominance': 'dominantie',
  'rule.p-percent': 'p%-regel',
  'rule.differencing': 'verschilberekening',
  'rule.secondary': 'complementair',
  'rule.withheld': 'bij de bron achtergehouden',
  'rule.rounding': 'afronding',
  'rule.noise': 'ruis',
  'explain.primary-frequency': 'minder dan {minCellSize} personen of records in de cel',
  'explain.dominance': 'de {n} grootste bijdragen maken meer dan {k}% van de cel uit',
  'explain.p-percent': 'een bijdrager kan een ander tot op {p}% nauwkeurig schatten',
  'explain.differencing':
    'met {earlierReleases} eerdere vrijgave(n) uit dezelfde gegevensverzameling zou een kleine groep (minder dan {minCellSize}) terug te rekenen zijn',
  'explain.secondary':
    'extra verborgen zodat geen verborgen cel uit de totalen terug te rekenen is tot binnen {fraction}% of {absolute}',
  'explain.withheld': 'minder dan {minCellSize} kinderen in de cel van de populatie; nooit ontsleuteld',
  'explain.rounding':
    'alle getoonde waarden zijn afgerond op een veelvoud van {base}; de totalen kloppen met de afgeronde cellen',
  'explain.noise': 'willekeurige ruis op elke cel (differentiële privacy, {budget}); niets verborgen',
  total: 'Totaal',
  region: 'Hele regio',
  years: '{band} jaar',
  'dimension.wijk': 'Wijk (CBS 2014)',
  'dimension.age_band': 'Leeftijdsklasse',
  'dimension.year': 'Jaar',
  slice: 'Getoond in grafiek en kaart',
  chart: 'Staafdiagram',
  table: 'Alle cellen',
  chartTitle: '{measure} per {dimension}',
  chartDesc: 'De waarden staan ook in de tabel met alle cellen; verborgen cellen zijn gearceerd en zonder staaf.',
  map: 'Kaart van de wijken',
  mapTitle: '{measure} per wijk in de regio',
  mapDesc:
    '{shown} wijken gekleurd naar hun waarde, {hidden} verborgen (gearceerd). De waarden staan in de tabel met alle cellen.',
  noWijk: 'Deze tabel is niet per wijk ingedeeld; er is geen kaart.',
  mapLegend: 'Legenda van de kaart',
  mapSource: 'Wijkgrenzen: CBS Wijk- en buurtkaart 2014, CC BY 4.0.',
  classRange: '{from} tot en met {to}',
  downloads: 'Downloaden',
  downloadCsv: 'CSV downloaden',
  downloadJson: 'JSON downloaden (zoals de API hem gaf)',
  csvHelp:
    'CSV: één regel per cel; per indeling de code en de naam, dan value (leeg als verborgen), suppressed (true of false) en rule (de regel die de cel verborg).',
  seriesTabs: 'Tabel per jaar',
  acrossYears: 'Alle jaren samen',
  seriesNote:
    'Eén tabel per jaar, met de totalen over de jaren. Alle jaren zijn samen beschermd: een cel die in het ene jaar verborgen is, is niet terug te rekenen uit een ander jaar of uit de totalen over de jaren.',
  seriesChart: 'Verloop over de jaren',
  seriesOf: 'Verloop van',
  seriesTitle: '{measure} per jaar: {place}',
  seriesDesc:
    'Eén punt per jaar; een verborgen jaar is een open punt met ×, zonder lijn erheen. De waarden staan in de tabel per jaar.',
} as const;

export type ReleaseLabel = keyof typeof nl;

const en: Record<ReleaseLabel, string> = {
  viewRelease: 'View release',
  releaseOf: 'Released table',
  close: 'Close',
  loading: 'Loading the release…',
  summary: 'Protection',
  shownOf: '{shown} of {total} cells shown, {hidden} hidden.',
  measureCount: 'Count',
  measureSum: 'Sum of {field}',
  measureMeanSum: 'Sum of {field} (mean and interval in the table)',
  measureRateCount: 'Count (per {per} in the table)',
  estimate: 'Estimate',
  interval: '95% confidence interval',
  intervalRange: '{lower} to {upper}',
  methodMean:
    'Method: mean over the cell’s records from the summed counts, sums and sums of squares; sample standard deviation (n − 1) and 95% interval mean ± t(0.975, n − 1) · SD / √n. Only where count and sum are both released.',
  methodRate:
    'Method: count per {per} of the denominator, with a 95% interval ({interval}), taking the numerator as a binomial count out of the denominator. Only where numerator and denominator are both released.',
  measure: 'Measure',
  dataset: 'Dataset',
  filters: 'Filters',
  none: 'none',
  contributedBy: 'Data from',
  decryptedBy: 'Decrypted by',
  releasedAt: 'Released at',
  minCellSize: 'Smallest cell shown (k)',
  factors: 'Combination of factors',
  allFactors: 'children with all factors',
  cocktailFactors: 'the risk factors of the cocktail analysis',
  cohortOutcomes: 'the cohort’s outcomes, of which a child has at least one',
  atLeastFactors: 'children with at least {m} of the factors',
  value: 'Value',
  mark: 'Mark',
  hiddenSymbol: '×',
  hidden: 'hidden',
  legend: 'Legend',
  legendSymbol: '× hidden: the value is not released, because of the rule named beside it.',
  cellsHidden: '{cells} cells',
  cellsChanged: '{cells} cells',
  'rule.primary-frequency': 'small cell',
  'rule.dominance': 'dominance',
  'rule.p-percent': 'p% rule',
  'rule.differencing': 'differencing',
  'rule.secondary': 'complementary',
  'rule.withheld': 'withheld at the source',
  'rule.rounding': 'rounding',
  'rule.noise': 'noise',
  'explain.primary-frequency': 'fewer than {minCellSize} people or records in the cell',
  'explain.dominance': 'the {n} largest contributions make up more than {k}% of the cell',
  'explain.p-percent': 'one contributor could estimate another to within {p}%',
  'explain.differencing':
    'with {earlierReleases} earlier release(s) of the same dataset a small group (fewer than {minCellSize}) could be worked out',
  'explain.secondary':
    'also hidden so that no hidden cell can be worked out from the totals to within {fraction}% or {absolute}',
  'explain.withheld': 'fewer than {minCellSize} children in the population cell; never decrypted',
  'explain.rounding': 'every value shown is rounded to a multiple of {base}; the totals add up over the rounded cells',
  'explain.noise': 'random noise on every cell (differential privacy, {budget}); nothing hidden',
  total: 'Total',
  region: 'Whole region',
  years: '{band} years',
  'dimension.wijk': 'Wijk (district, CBS 2014)',
  'dimension.age_band': 'Age band',
  'dimension.year': 'Year',
  slice: 'Shown in the chart and the map',
  chart: 'Bar chart',
  table: 'Every cell',
  chartTitle: '{measure} per {dimension}',
  chartDesc: 'The values are also in the table of every cell; hidden cells are hatched and have no bar.',
  map: 'Map of the wijken',
  mapTitle: '{measure} per wijk in the region',
  mapDesc:
    '{shown} wijken coloured by their value, {hidden} hidden (hatched). The values are in the table of every cell.',
  noWijk: 'This table is not broken down by wijk; there is no map.',
  mapLegend: 'Map legend',
  mapSource: 'Wijk boundaries: CBS Wijk- en buurtkaart 2014, CC BY 4.0.',
  classRange: '{from} to {to}',
  downloads: 'Download',
  downloadCsv: 'Download CSV',
  downloadJson: 'Download JSON (as the API gave it)',
  csvHelp:
    'CSV: one line per cell; for each breakdown its code and name, then value (empty when hidden), suppressed (true or false) and rule (the rule that hid the cell).',
  seriesTabs: 'Table per year',
  acrossYears: 'All years together',
  seriesNote:
    'One table per year, with the totals across the years. The years are protected together: a cell hidden in one year cannot be worked out from another year or from the totals across the years.',
  seriesChart: 'Over the years',
  seriesOf: 'Course of',
  seriesTitle: '{measure} per year: {place}',
  seriesDesc:
    'One point per year; a hidden year is an open point with ×, and no line leads to it. The values are in the table per year.',
};

const LABELS: Record<Language, Record<ReleaseLabel, string>> = { nl, en };

export type ReleaseTranslate = (label: ReleaseLabel, values?: Record<string, string | number>) => string;

/** A label with its {placeholders} filled in; a label it does not know comes back as itself. */
export function translate(language: Language): ReleaseTranslate {
  return (label, values = {}) =>
    (LABELS[language][label] ?? label).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

export function useReleaseT(): ReleaseTranslate {
  return translate(useContext(LanguageContext));
}

export function useLanguage(): Language {
  return useContext(LanguageContext);
}
