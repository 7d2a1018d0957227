import { Labels, labelHook, Translator } from '../labels';

/** The cohort release's words: the difference in differences, its pre-trend check, the assumption and the caveats. */
const nl = {
  title: 'Cohortonderzoek: verschil in verschillen',
  outcomes: 'Uitkomst (een ervan telt): {outcomes}',
  cohorts: 'Cohort {after}, vergeleken met cohort {before}',
  onlyCohort: 'Cohort {after}; er is geen eerder cohort genoemd om mee te vergelijken',
  counts: 'Aantallen kinderen per arm (cohort {year})',
  arm: 'Arm',
  'arm.intervention': 'Interventiearm',
  'arm.comparison': 'Vergelijkingsarm',
  withoutOutcome: 'Zonder uitkomst',
  withOutcome: 'Met uitkomst',
  children: 'Kinderen',
  groups: 'De vier groepen waar de schatting op rust',
  cohort: 'Cohort',
  'cohort.before': 'vóór ({year})',
  'cohort.after': 'na ({year})',
  risk: 'Risico',
  interval: '95%-interval',
  riskChartTitle: 'Risico op de uitkomst per cohort en arm, met 95%-interval (Wilson), in procenten',
  riskChartDesc:
    'Een punt per cohort en arm en een lijn over het 95%-interval; een groep waarvan een aantal verborgen is, is gearceerd. Dezelfde getallen staan in de tabel van de vier groepen.',
  hiddenGroup: 'verborgen: niet te gebruiken',
  effect: 'Het effect',
  did: 'Verschil in verschillen',
  didSentence:
    'Verschil in verschillen: {estimate} procentpunt (95%-interval {lower} tot {upper}): de verandering in de interventiearm min die in de vergelijkingsarm.',
  didCovers: 'Het interval bevat 0: een effect is met deze cohorten niet aan te tonen.',
  didBelow:
    'Het interval ligt geheel onder 0: de uitkomst daalde in de interventiearm meer dan in de vergelijkingsarm.',
  didAbove: 'Het interval ligt geheel boven 0: de uitkomst steeg in de interventiearm meer dan in de vergelijkingsarm.',
  noBefore: 'Geen verschil in verschillen: deze vraag noemt geen eerder cohort (voor-cohort) om mee te vergelijken.',
  noDid: 'Geen verschil in verschillen: de vrijgegeven aantallen laten geen schatting toe.',
  unusable: 'Niet te gebruiken door onderdrukking of omdat de groep leeg is:',
  preTrend: 'Verschil in trend vóór (per jaar)',
  effectChartTitle:
    'Verschil in verschillen en verschil in trend vóór de interventie, met 95%-interval, in procentpunten',
  effectChartDesc:
    'Een punt per schatting en een lijn over het 95%-interval; 0 (de stippellijn) is geen verschil. Dezelfde getallen staan in de zinnen erboven.',
  notEstimable: 'niet te schatten',
  notChecked: 'niet gecontroleerd',
  preTrendTitle: 'Bewogen de armen vóór de interventie gelijk op?',
  preTrendAlike:
    'Vóór de interventie ({years}) bewogen de armen gelijk op: verschil in trend {estimate} procentpunt per jaar (95%-interval {lower} tot {upper}).',
  preTrendNotAlike:
    'Vóór de interventie ({years}) bewogen de armen niet gelijk op: verschil in trend {estimate} procentpunt per jaar (95%-interval {lower} tot {upper}). De aanname van parallelle trends is twijfelachtig, en daarmee de schatting.',
  preTrendOneCohort:
    'Niet te controleren: er is maar één cohort vóór de interventie ({year}). Noemt dat cohort zelf een nog eerder cohort als voor-cohort, dan toetst de coördinator de trends van de armen over die jaren.',
  preTrendHidden: 'Niet te controleren: onderdrukking laat te weinig bruikbare cohorten vóór de interventie over.',
  preTrendWeak:
    'Gelijk oplopen in een paar jaren bewijst de aanname niet: het toont alleen dat de cohorten geen verschil laten zien.',
  assumption: 'De aanname: parallelle trends',
  assumptionText:
    'De schatting is het effect van de interventie alleen als het risico in de interventiearm zonder de interventie net zo veranderd zou zijn als in de vergelijkingsarm. Dat is een aanname; de gegevens kunnen die niet bewijzen.',
  caveats: 'Kanttekeningen',
  caveatChosen:
    'Armen die met een reden gekozen zijn (bijvoorbeeld scholen in achterstandswijken eerst) maken de aanname twijfelachtig.',
  caveatVariance:
    'Het interval behandelt de vier groepen als onafhankelijk. Het voor- en na-cohort zijn grotendeels dezelfde kinderen een jaar later: het echte interval is dan smaller. Kinderen binnen dezelfde scholen lijken op elkaar: het echte interval is dan breder. Geen van beide is gecorrigeerd.',
  caveatWald: 'Het interval (Wald) is minder betrouwbaar bij risico’s dicht bij 0 of 1 en bij kleine groepen.',
  caveatAny: 'De uitkomst is "een van de uitkomsten"; het effect op één uitkomst vraagt een eigen cohortvraag.',
  caveatSuppression:
    'Onderdrukking is niet willekeurig: is een aantal verborgen, dan is er geen schatting; er wordt niets bijgeschat.',
  method: 'Methode (van de coördinator, in het Engels)',
  download: 'Effect downloaden (CSV)',
  csvHelp:
    'Effect-CSV: een regel per cohort en arm (kinderen, met uitkomst, risico en 95%-interval), een voor het verschil in verschillen en, met een voor-cohort, een voor het verschil in trend vóór de interventie (per jaar); leeg waar een deel verborgen is.',
};

type CohortLabel = keyof typeof nl;

const en: Labels<CohortLabel>['en'] = {
  title: 'Cohort follow-up: difference in differences',
  outcomes: 'Outcome (any of them counts): {outcomes}',
  cohorts: 'Cohort {after}, compared with cohort {before}',
  onlyCohort: 'Cohort {after}; no earlier cohort is named to compare with',
  counts: 'Children per arm (cohort {year})',
  arm: 'Arm',
  'arm.intervention': 'Intervention arm',
  'arm.comparison': 'Comparison arm',
  withoutOutcome: 'Without the outcome',
  withOutcome: 'With the outcome',
  children: 'Children',
  groups: 'The four groups the estimate rests on',
  cohort: 'Cohort',
  'cohort.before': 'before ({year})',
  'cohort.after': 'after ({year})',
  risk: 'Risk',
  interval: '95% interval',
  riskChartTitle: 'Risk of the outcome per cohort and arm, with 95% interval (Wilson), in percent',
  riskChartDesc:
    'A dot per cohort and arm and a line over its 95% interval; a group with a hidden count is hatched. The same numbers are in the table of the four groups.',
  hiddenGroup: 'hidden: not usable',
  effect: 'The effect',
  did: 'Difference in differences',
  didSentence:
    'Difference in differences: {estimate} percentage points (95% interval {lower} to {upper}): the change in the intervention arm minus that in the comparison arm.',
  didCovers: 'The interval contains 0: these cohorts cannot show an effect.',
  didBelow:
    'The interval lies wholly below 0: the outcome fell more in the intervention arm than in the comparison arm.',
  didAbove:
    'The interval lies wholly above 0: the outcome rose more in the intervention arm than in the comparison arm.',
  noBefore: 'No difference in differences: this query names no earlier (before) cohort to compare with.',
  noDid: 'No difference in differences: the released counts do not allow an estimate.',
  unusable: 'Not usable because of suppression or because the group is empty:',
  preTrend: 'Difference in trend before (per year)',
  effectChartTitle:
    'Difference in differences and difference in trend before the intervention, with 95% interval, in percentage points',
  effectChartDesc:
    'A dot per estimate and a line over its 95% interval; 0 (the dashed line) is no difference. The same numbers are in the sentences above.',
  notEstimable: 'not estimable',
  notChecked: 'not checked',
  preTrendTitle: 'Did the arms move alike before the intervention?',
  preTrendAlike:
    'Before the intervention ({years}) the arms moved alike: difference in trend {estimate} percentage points a year (95% interval {lower} to {upper}).',
  preTrendNotAlike:
    'Before the intervention ({years}) the arms did not move alike: difference in trend {estimate} percentage points a year (95% interval {lower} to {upper}). The parallel-trends assumption is doubtful, and with it the estimate.',
  preTrendOneCohort:
    'Could not be checked: there is only one cohort before the intervention ({year}). If that cohort names an even earlier cohort as its own before cohort, the coordinator checks the arms’ trends over those years.',
  preTrendHidden: 'Could not be checked: suppression leaves too few usable cohorts before the intervention.',
  preTrendWeak:
    'Moving alike over a few years does not prove the assumption: it only shows that the cohorts show no difference.',
  assumption: 'The assumption: parallel trends',
  assumptionText:
    'The estimate is the effect of the intervention only if, without it, the risk in the intervention arm would have changed as it did in the comparison arm. That is an assumption; the data cannot prove it.',
  caveats: 'Caveats',
  caveatChosen: 'Arms chosen for a reason (for example schools in deprived wijken first) make the assumption doubtful.',
  caveatVariance:
    'The interval takes the four groups as independent. The before and after cohorts are mostly the same children a year apart: the true interval is then narrower. Children within the same schools resemble each other: the true interval is then wider. Neither is corrected.',
  caveatWald: 'The (Wald) interval is less reliable for risks near 0 or 1 and for small groups.',
  caveatAny: 'The outcome is "any of the outcomes"; the effect on one outcome needs a cohort query of its own.',
  caveatSuppression: 'Suppression is not random: where a count is hidden there is no estimate; nothing is imputed.',
  method: 'Method (the coordinator’s words)',
  download: 'Download the effect (CSV)',
  csvHelp:
    'Effect CSV: one line per cohort and arm (children, with the outcome, risk and 95% interval), one for the difference in differences and, with a before cohort, one for the difference in trend before the intervention (per year); empty where a part is hidden.',
};

export type { CohortLabel };
export type CohortTranslate = Translator<CohortLabel>;

export const useCohortT = labelHook<CohortLabel>({ nl, en });
