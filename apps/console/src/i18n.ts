import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export type Language = 'nl' | 'en';

const nl = {
  title: 'Brabant Federated Analytics',
  language: 'Taal',
  signIn: 'Aanmelden',
  signOut: 'Afmelden',
  signedInAs: 'Aangemeld als',
  keyFile: 'Sleutelbestand',
  keyFileHelp: 'Uw sleutel blijft in deze browser: hij wordt nooit verstuurd en is weg na afmelden.',
  passphrase: 'Wachtwoordzin van het sleutelbestand',
  'error.not-json': 'Dit bestand is geen JSON-sleutelbestand.',
  'error.not-a-key': 'Dit bestand bevat geen bruikbare ondertekensleutel (id en secretKey).',
  'error.needs-passphrase': 'Dit sleutelbestand is met een wachtwoordzin verzegeld: vul die in.',
  'error.wrong-passphrase': 'De wachtwoordzin opent dit sleutelbestand niet.',
  'error.no-file': 'Kies eerst een sleutelbestand.',
  'error.not-steward': 'Deze console hoort bij een knooppunt; hier meldt alleen de datasteward van deze partner zich aan.',
  notBuilt: 'De weergaven voor analisten en de ethische commissie volgen; gebruik tot dan bfa op de opdrachtregel.',
  inbox: 'Postvak',
  history: 'Besluiten',
  refresh: 'Vernieuwen',
  pendingQueries: 'Vragen die op uw besluit wachten',
  noPending: 'Er wachten geen vragen op uw besluit.',
  dataset: 'Gegevensverzameling',
  purpose: 'Doel',
  requester: 'Aanvrager',
  submittedAt: 'Ingediend',
  review: 'Bekijken',
  reviewOf: 'Beoordeling van vraag',
  measure: 'Maat',
  fields: 'Gebruikte velden',
  filters: 'Filters',
  none: 'geen',
  grid: 'Indeling',
  cells: 'cellen',
  minCellSize: 'Kleinste cel',
  dataHolders: 'Gegevenshouders',
  keyHolders: 'Sleutelhouders',
  policy: 'Beleidstoets van deze partner',
  policyAllowed: 'toegestaan',
  policyDenied: 'niet toegestaan',
  earlierReleases: 'Eerdere vrijgaven uit dezelfde gegevensverzameling',
  noEarlierReleases: 'Geen eerdere vrijgaven.',
  sharedDimensions: 'gedeelde indeling',
  combination: 'Combinatie',
  approve: 'Goedkeuren en ondertekenen',
  reject: 'Afwijzen en ondertekenen',
  reason: 'Reden van afwijzing (verplicht, de analist en de ethische commissie zien hem)',
  reasonShort: 'Reden',
  reasonRequired: 'Een afwijzing heeft een reden nodig van minstens 5 tekens.',
  approved: 'Goedgekeurd en ondertekend.',
  rejected: 'Afgewezen en ondertekend.',
  close: 'Sluiten',
  decisionsOfNode: 'Besluiten van deze partner',
  noDecisions: 'Nog geen besluiten.',
  decision: 'Besluit',
  decidedAt: 'Besloten op',
  state: 'Stand',
  'state.pending': 'wacht',
  'state.approved': 'goedgekeurd',
  'state.rejected': 'afgewezen',
  'state.executed': 'uitgevoerd',
  'decision.approve': 'goedgekeurd',
  'decision.reject': 'afgewezen',
  byPolicy: 'door beleid',
  loading: 'Laden…',
} as const;

export type Label = keyof typeof nl;

const en: Record<Label, string> = {
  title: 'Brabant Federated Analytics',
  language: 'Language',
  signIn: 'Sign in',
  signOut: 'Sign out',
  signedInAs: 'Signed in as',
  keyFile: 'Key file',
  keyFileHelp: 'Your key stays in this browser: it is never sent and is gone when you sign out.',
  passphrase: 'Passphrase of the key file',
  'error.not-json': 'This file is not a JSON key file.',
  'error.not-a-key': 'This file holds no usable signing key (id and secretKey).',
  'error.needs-passphrase': 'This key file is sealed with a passphrase: enter it.',
  'error.wrong-passphrase': 'The passphrase does not open this key file.',
  'error.no-file': 'Choose a key file first.',
  'error.not-steward': "This console belongs to a node; only this partner's data steward signs in here.",
  notBuilt: 'The analyst and ethics-board views are coming; until then use bfa on the command line.',
  inbox: 'Inbox',
  history: 'Decisions',
  refresh: 'Refresh',
  pendingQueries: 'Queries waiting for your decision',
  noPending: 'No queries are waiting for your decision.',
  dataset: 'Dataset',
  purpose: 'Purpose',
  requester: 'Requester',
  submittedAt: 'Submitted',
  review: 'Review',
  reviewOf: 'Review of query',
  measure: 'Measure',
  fields: 'Fields used',
  filters: 'Filters',
  none: 'none',
  grid: 'Breakdown',
  cells: 'cells',
  minCellSize: 'Smallest cell',
  dataHolders: 'Data holders',
  keyHolders: 'Key holders',
  policy: "This partner's policy check",
  policyAllowed: 'allowed',
  policyDenied: 'not allowed',
  earlierReleases: 'Earlier releases from the same dataset',
  noEarlierReleases: 'No earlier releases.',
  sharedDimensions: 'shared breakdown',
  combination: 'Combination',
  approve: 'Approve and sign',
  reject: 'Reject and sign',
  reason: 'Reason for rejecting (required; the analyst and the ethics board see it)',
  reasonShort: 'Reason',
  reasonRequired: 'A rejection needs a reason of at least 5 characters.',
  approved: 'Approved and signed.',
  rejected: 'Rejected and signed.',
  close: 'Close',
  decisionsOfNode: "This partner's decisions",
  noDecisions: 'No decisions yet.',
  decision: 'Decision',
  decidedAt: 'Decided at',
  state: 'State',
  'state.pending': 'pending',
  'state.approved': 'approved',
  'state.rejected': 'rejected',
  'state.executed': 'executed',
  'decision.approve': 'approved',
  'decision.reject': 'rejected',
  byPolicy: 'by policy',
  loading: 'Loading…',
};

export const LABELS: Record<Language, Record<Label, string>> = { nl, en };

export type Translate = (label: Label) => string;

export const LanguageContext = createContext<Language>('nl');

export function useT(): Translate {
  const language = useContext(LanguageContext);
  return (label) => LABELS[language][label];
}

const LOCALES: Record<Language, string> = { nl: 'nl-NL', en: 'en-GB' };

/** A moment as the reader's language writes it (30-11-2026 15:34 or 30/11/2026, 15:34). */
export function useWhen(): (iso: string) => string {
  const language = useContext(LanguageContext);
  return (iso) => new Date(iso).toLocaleString(LOCALES[language], { dateStyle: 'short', timeStyle: 'short' });
}
