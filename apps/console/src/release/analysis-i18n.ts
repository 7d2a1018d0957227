import { Language } from '../i18n';
import { Labels, labelHook, Translator } from '../labels';

/** The release view's words for estimates and the cocktail analysis, beside ./release-i18n.ts, in the same two languages. */
const nl = {
  estimatesChart: 'Schattingen met 95%-interval',
  estimatesTitle: '{measure}: schatting en 95%-interval per {dimension}',
  estimatesDesc:
    'Een punt per schatting en een lijn over het 95%-interval; een cel zonder schatting is gearceerd en zegt waarom. Dezelfde getallen staan in de tabel van elke cel.',
  noEstimate: 'geen schatting: een deel ervan is verborgen',
  noInterval: 'geen interval',
  downloadEstimates: 'Schattingen downloaden (CSV)',
  estimatesCsvHelp:
    'Schattingen-CSV: een regel per cel met code en naam per indeling, het aantal records, de teller (bij een ratio), de schatting, de standaardafwijking (bij een gemiddelde) en de grenzen van het 95%-interval; leeg waar een deel verborgen is.',
  cocktailTitle: 'Giftige cocktails',
  'analysis.patterns': 'Patronen: kinderen per combinatie van de risicofactoren',
  'analysis.outcomeByCount': 'Uitkomst naar aantal risicofactoren',
  riskFactors: 'Risicofactoren (cijfer i van een patroon is factor i; 1 = heeft hem)',
  outcome: 'Uitkomst',
  counts: 'Aantallen kinderen',
  pattern: 'Patroon',
  numberOfFactors: 'Aantal risicofactoren',
  none: 'geen',
  withoutOutcome: 'Zonder uitkomst',
  withOutcome: 'Met uitkomst',
  children: 'Kinderen',
  risk: 'Risico',
  relativeRisk: 'Relatief risico',
  reference: '1 (referentie)',
  notEstimable: 'niet te schatten',
  byCount: 'Relatief risico naar aantal risicofactoren',
  rrTitle: 'Relatief risico op {outcome} naar aantal risicofactoren, met 95%-interval',
  rrDesc:
    'Een punt per aantal risicofactoren, tegen kinderen zonder risicofactor (1, de stippellijn), op een logaritmische as, met een lijn over het 95%-interval. Dezelfde getallen staan in de tabel.',
  factorsRow: '{s} factoren',
  regression: 'Logistische regressie',
  term: 'Term',
  coefficient: 'Coëfficiënt',
  standardError: 'Standaardfout',
  oddsRatio: 'Odds ratio',
  orTitle: 'Odds ratio op {outcome} per risicofactor, met 95%-interval',
  orDesc:
    'Een punt per term van het model (zonder de constante) op een logaritmische as, 1 (de stippellijn) is geen effect, met een lijn over het 95%-interval. Dezelfde getallen staan in de tabel.',
  intercept: 'Constante',
  fittedOn: 'Geschat op {children} kinderen.',
  noFit: 'Geen regressie: de vrijgegeven aantallen laten geen schatting toe.',
  limits: 'Verborgen cellen en wat ze beperken',
  unusedPattern: 'Patroon {pattern} ({children} kinderen) valt buiten de regressie: een aantal ervan is verborgen.',
  unusedPatternHidden:
    'Patroon {pattern} (aantal kinderen verborgen) valt buiten de regressie: een aantal ervan is verborgen.',
  rrLimited: 'Het relatieve risico bij {s} factoren is niet te schatten:',
  noLimits: 'Geen: elke telling die de schattingen nodig hebben is vrijgegeven.',
  coordinatorSays: 'De coördinator (in het Engels):',
  method: 'Methode',
  methodPatterns:
    'Logistische regressie van de uitkomst op de risicofactoren (hoofdeffecten, en paarsgewijze interacties waar de vrijgegeven aantallen dat toelaten), met maximale aannemelijkheid geschat op de vrijgegeven regiototalen per patroon en uitkomst; 95%-Wald-intervallen; patronen met een verborgen aantal vallen buiten de schatting.',
  methodOutcomeByCount:
    'Per aantal risicofactoren het risico op de uitkomst tegen kinderen zonder risicofactor: relatief risico met een 95%-interval volgens Katz (Wald op de log-schaal), uit de vrijgegeven regiototalen.',
  methodCounts: 'Kinderen per combinatie van de risicofactoren, per cel, beschermd met onderdrukking.',
};

type CocktailLabel = keyof typeof nl;

const en: Labels<CocktailLabel>['en'] = {
  estimatesChart: 'Estimates with 95% intervals',
  estimatesTitle: '{measure}: estimate and 95% interval per {dimension}',
  estimatesDesc:
    'A dot per estimate and a line over its 95% interval; a cell without an estimate is hatched and says why. The same numbers are in the table of every cell.',
  noEstimate: 'no estimate: part of it is hidden',
  noInterval: 'no interval',
  downloadEstimates: 'Download estimates (CSV)',
  estimatesCsvHelp:
    'Estimates CSV: one line per cell with the code and name per breakdown, the records, the numerator (of a rate), the estimate, the standard deviation (of a mean) and the bounds of the 95% interval; empty where a part is hidden.',
  cocktailTitle: 'Toxic cocktails',
  'analysis.patterns': 'Patterns: children per combination of the risk factors',
  'analysis.outcomeByCount': 'Outcome by number of risk factors',
  riskFactors: 'Risk factors (digit i of a pattern is factor i; 1 = has it)',
  outcome: 'Outcome',
  counts: 'Numbers of children',
  pattern: 'Pattern',
  numberOfFactors: 'Number of risk factors',
  none: 'none',
  withoutOutcome: 'Without the outcome',
  withOutcome: 'With the outcome',
  children: 'Children',
  risk: 'Risk',
  relativeRisk: 'Relative risk',
  reference: '1 (reference)',
  notEstimable: 'not estimable',
  byCount: 'Relative risk by number of risk factors',
  rrTitle: 'Relative risk of {outcome} by number of risk factors, with 95% interval',
  rrDesc:
    'A dot per number of risk factors, against children with none (1, the dashed line), on a log axis, with a line over the 95% interval. The same numbers are in the table.',
  factorsRow: '{s} factors',
  regression: 'Logistic regression',
  term: 'Term',
  coefficient: 'Coefficient',
  standardError: 'Standard error',
  oddsRatio: 'Odds ratio',
  orTitle: 'Odds ratio of {outcome} per risk factor, with 95% interval',
  orDesc:
    'A dot per term of the model (not the intercept) on a log axis, 1 (the dashed line) is no effect, with a line over the 95% interval. The same numbers are in the table.',
  intercept: 'Intercept',
  fittedOn: 'Fitted on {children} children.',
  noFit: 'No regression: the released counts do not allow a fit.',
  limits: 'Hidden cells and what they limit',
  unusedPattern: 'Pattern {pattern} ({children} children) is left out of the regression: a count of it is hidden.',
  unusedPatternHidden:
    'Pattern {pattern} (its number of children hidden) is left out of the regression: a count of it is hidden.',
  rrLimited: 'The relative risk at {s} factors cannot be estimated:',
  noLimits: 'None: every count the estimates need is released.',
  coordinatorSays: 'The coordinator says:',
  method: 'Method',
  methodPatterns:
    'Logistic regression of the outcome on the risk factors (main effects, pairwise interactions where the released counts allow), fitted by maximum likelihood on the released region totals per pattern and outcome; 95% Wald intervals; patterns with a suppressed count are left out of the fit.',
  methodOutcomeByCount:
    'Per number of risk factors, the risk of the outcome against children with none: relative risk with a 95% Katz (log-RR Wald) interval, from the released region totals.',
  methodCounts: 'Children per combination of the risk factors, per cell, protected by suppression.',
};

export type { CocktailLabel };
export type CocktailTranslate = Translator<CocktailLabel>;

export const useCocktailT = labelHook<CocktailLabel>({ nl, en });

const LOCALES: Record<Language, string> = { nl: 'nl-NL', en: 'en-GB' };

/** Relative risks, odds ratios and coefficients: a fixed number of decimals, in the reader's language. */
export const decimals = (language: Language, digits: number) =>
  new Intl.NumberFormat(LOCALES[language], { minimumFractionDigits: digits, maximumFractionDigits: digits }).format;
