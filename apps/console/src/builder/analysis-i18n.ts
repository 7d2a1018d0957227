import { Labels, labelHook, Translator } from '../labels';

/** The builder's words for measures, arms and the cocktail analysis, beside the console's (../i18n.ts). */
const nl = {
  sumOf: 'Som van {field}',
  meanOf: 'Gemiddelde van {field} (met standaardafwijking en 95%-interval)',
  rate: 'Ratio: records per aantal van een populatie (met 95%-interval)',
  rateFields: 'Ratio',
  rateHelp: 'De noemer telt de populatie van hetzelfde jaar; de houder van de populatie keurt de vraag ook goed.',
  denominator: 'Noemer: populatie',
  chooseDenominator: 'Kies de populatie',
  per: 'Per aantal van de populatie',
  interval: 'Interval',
  wilson: 'Wilson',
  exact: 'Exact (Clopper–Pearson)',
  arms: 'Armen: interventie en vergelijking',
  armsHelp:
    'Elke datasteward keurt deze lijsten goed. Laat de vergelijkingsarm leeg om alle andere waarden te vergelijken.',
  armsDimension: 'Armen getrokken uit',
  chooseArms: 'Kies de indeling',
  armsLabel: 'Naam van de interventie (bijvoorbeeld Team op Maat)',
  intervention: 'Interventiearm',
  comparison: 'Vergelijkingsarm (leeg: alle andere)',
  analysis: 'Analyse',
  'analysis.atLeast': 'Kinderen met minstens zoveel factoren',
  'analysis.patterns': 'Patronen: kinderen per combinatie van de factoren (giftige cocktails)',
  'analysis.outcomeByCount': 'Uitkomst naar aantal risicofactoren (relatief risico)',
  cocktailHelp:
    'De risicofactoren gelden in het jaar van de populatie; de uitkomst in het jaar dat u kiest, bij een partner zonder risicofactor.',
  outcome: 'Uitkomst',
  noOutcome: 'Geen uitkomst',
  anyRecord: 'Elk record in {dataset}',
  outcomeYear: 'Jaar van de uitkomst',
  sameYear: 'Het jaar van de populatie',
  problems: 'Nog niet compleet:',
  'problem.field': 'kies het veld om op te tellen of te middelen.',
  'problem.denominator': 'kies de populatie van de ratio.',
  'problem.armsDimension': 'kies waaruit de armen getrokken worden.',
  'problem.armsLabel': 'geef de interventie een naam van minstens 3 tekens.',
  'problem.intervention': 'kies minstens één waarde voor de interventiearm.',
  'problem.armsOverlap': 'een waarde staat in beide armen.',
  'problem.comparisonEmpty': 'de vergelijkingsarm is leeg: de interventiearm bevat alle waarden.',
  'problem.factors': 'kies minstens twee factoren.',
  'problem.outcome': 'deze analyse heeft een uitkomst nodig.',
  'problem.year': 'kies het jaar van de combinatie.',
  verbatim: 'Letterlijk van de coördinator:',
};

type AnalysisLabel = keyof typeof nl;

const en: Labels<AnalysisLabel>['en'] = {
  sumOf: 'Sum of {field}',
  meanOf: 'Mean of {field} (with standard deviation and 95% interval)',
  rate: 'Rate: records per number of a population (with 95% interval)',
  rateFields: 'Rate',
  rateHelp: "The denominator counts the population of the same year; the population's holder approves the query too.",
  denominator: 'Denominator: population',
  chooseDenominator: 'Choose the population',
  per: 'Per number of the population',
  interval: 'Interval',
  wilson: 'Wilson',
  exact: 'Exact (Clopper–Pearson)',
  arms: 'Arms: intervention and comparison',
  armsHelp:
    'Every data steward approves these lists. Leave the comparison arm empty to compare with every other value.',
  armsDimension: 'Arms drawn from',
  chooseArms: 'Choose the breakdown',
  armsLabel: 'Name of the intervention (for example Team op Maat)',
  intervention: 'Intervention arm',
  comparison: 'Comparison arm (empty: every other)',
  analysis: 'Analysis',
  'analysis.atLeast': 'Children with at least this many factors',
  'analysis.patterns': 'Patterns: children per combination of the factors (toxic cocktails)',
  'analysis.outcomeByCount': 'Outcome by number of risk factors (relative risk)',
  cocktailHelp:
    "The risk factors hold in the population's year; the outcome in the year you choose, at a partner holding no risk factor.",
  outcome: 'Outcome',
  noOutcome: 'No outcome',
  anyRecord: 'Any record in {dataset}',
  outcomeYear: 'Year of the outcome',
  sameYear: "The population's year",
  problems: 'Not complete yet:',
  'problem.field': 'choose the field to add up or average.',
  'problem.denominator': "choose the rate's population.",
  'problem.armsDimension': 'choose what the arms are drawn from.',
  'problem.armsLabel': 'name the intervention in at least 3 characters.',
  'problem.intervention': 'choose at least one value for the intervention arm.',
  'problem.armsOverlap': 'a value is in both arms.',
  'problem.comparisonEmpty': 'the comparison arm is empty: the intervention arm holds every value.',
  'problem.factors': 'choose at least two factors.',
  'problem.outcome': 'this analysis needs an outcome.',
  'problem.year': "choose the combination's year.",
  verbatim: "The coordinator's own words:",
};

export type { AnalysisLabel };
export type AnalysisTranslate = Translator<AnalysisLabel>;

export const useAnalysisT = labelHook<AnalysisLabel>({ nl, en });
