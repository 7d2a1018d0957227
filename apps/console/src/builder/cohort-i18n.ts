import { Labels, labelHook, Translator } from '../labels';

/** The builder's words for a cohort follow-up, beside those of the other analyses (./analysis-i18n.ts). */
const nl = {
  'analysis.cohort': 'Cohortonderzoek: een cohort per arm gevolgd naar uitkomsten (verschil in verschillen)',
  cohort: 'Cohortonderzoek',
  cohortHelp:
    'Het cohort is de populatie van het gekozen jaar, per arm. De uitkomsten zijn gegevens bij andere partners: een kind telt mee als het minstens één ervan heeft. Met een eerder cohort erbij schat de coördinator het verschil in verschillen, alleen uit de gepubliceerde aantallen.',
  groupedByArm: 'Een cohort wordt alleen naar arm ingedeeld: kies hieronder de armen.',
  outcomes: 'Uitkomsten',
  outcomesHelp: 'Kies per partner een uitkomst, of geen.',
  noOutcome: 'Geen uitkomst bij deze partner',
  anyRecord: 'Elk record in {dataset}',
  outcomeYear: 'Jaar van de uitkomsten',
  cohortYear: 'Het jaar van het cohort',
  before: 'Eerder cohort (voor het verschil in verschillen)',
  beforeHelp:
    "Uw eigen vrijgegeven cohort van een eerder jaar, met dezelfde armen en uitkomsten. Zonder eerder cohort krijgt u de risico's per arm.",
  noBefore: 'Geen eerder cohort',
  beforeOption: '{year}: {arms} ({purpose})',
  loadingBefore: 'Uw vrijgegeven cohorten worden gelezen…',
  beforeUnreadable: 'Uw vrijgegeven cohorten konden niet gelezen worden: {reason}',
  'problem.noArms': 'deze populatie kan niet naar arm worden ingedeeld, en een cohortonderzoek vergelijkt armen.',
  'problem.outcomes': 'kies minstens één uitkomst.',
  'problem.outcomeYear': 'het jaar van de uitkomsten ligt vóór het jaar van het cohort.',
};

type CohortLabel = keyof typeof nl;

const en: Labels<CohortLabel>['en'] = {
  'analysis.cohort': 'Cohort follow-up: a cohort per arm followed to outcomes (difference in differences)',
  cohort: 'Cohort follow-up',
  cohortHelp:
    'The cohort is the population of the chosen year, per arm. The outcomes are records at other partners: a child counts when it has at least one of them. With an earlier cohort named, the coordinator estimates the difference in differences from the published counts only.',
  groupedByArm: 'A cohort is broken down by arm only: choose the arms below.',
  outcomes: 'Outcomes',
  outcomesHelp: 'Choose an outcome per partner, or none.',
  noOutcome: 'No outcome at this partner',
  anyRecord: 'Any record in {dataset}',
  outcomeYear: 'Year of the outcomes',
  cohortYear: "The cohort's year",
  before: 'Earlier cohort (for the difference in differences)',
  beforeHelp:
    'Your own released cohort of an earlier year, with the same arms and outcomes. Without an earlier cohort you get the risks per arm.',
  noBefore: 'No earlier cohort',
  beforeOption: '{year}: {arms} ({purpose})',
  loadingBefore: 'Reading your released cohorts…',
  beforeUnreadable: 'Your released cohorts could not be read: {reason}',
  'problem.noArms': 'this population cannot be broken down by arm, and a cohort follow-up compares arms.',
  'problem.outcomes': 'choose at least one outcome.',
  'problem.outcomeYear': "the outcomes' year is before the cohort's year.",
};

export type { CohortLabel };
export type CohortTranslate = Translator<CohortLabel>;

export const useCohortT = labelHook<CohortLabel>({ nl, en });
