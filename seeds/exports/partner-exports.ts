import { Row } from '../partners/partner-rows';
import { ChildDetails } from './child-details';
import { CsvStyle, dutchAmount, ExportCell } from './export-files';

/** One file a partner exports from its own system: the catalog dataset it holds, and how each column is written from a seeded record. */
export interface PartnerExport {
  dataset: string;
  file: string;
  /** The mapping that reads it, relative to the repository: deploy/mappings/… */
  mapping: string;
  /** A CSV written in this style, or an .xlsx workbook. */
  format: CsvStyle | 'xlsx';
  columns: Record<string, (row: Row, child: ChildDetails) => ExportCell>;
}

const jn = (value: unknown) => (value ? 'J' : 'N');

/** The export's own codes for the catalog's signals; each mapping file maps them back. */
function signalCode(codes: Record<string, string>): (row: Row) => string {
  return (row) => codes[row.signal as string];
}

const DUTCH_CSV: CsvStyle = { delimiter: ';', bom: false };

/** The municipality's BRP and income extract: BSN, date of birth and address instead of age band and wijk; J/N; amounts in euros. */
const gemeente: PartnerExport[] = [
  {
    dataset: 'children_households',
    file: 'gemeente-brp-inkomen-2023-2024.csv',
    mapping: 'deploy/mappings/gemeente.yaml',
    format: { delimiter: ';', bom: true },
    columns: {
      BSN: (r) => r.child_ref as string,
      Peiljaar: (r) => r.year as number,
      Geboortedatum: (_, c) => c.birthDate,
      Postcode: (_, c) => c.postcode,
      Huisnummer: (_, c) => c.houseNumber,
      'Laag inkomen': (r) => jn(r.low_income),
      Bijstand: (r) => jn(r.social_assistance),
      Schuldhulpverlening: (r) => jn(r.debt_support),
      'Kindgebonden budget (EUR)': (r) => dutchAmount(r.child_budget_eur as number),
    },
  },
  {
    dataset: 'risk_signals',
    file: 'gemeente-signalen-2023-2024.csv',
    mapping: 'deploy/mappings/gemeente-risk-signals.yaml',
    format: { delimiter: ';', bom: true },
    columns: {
      BSN: (r) => r.child_ref as string,
      Peiljaar: (r) => r.year as number,
      Geboortedatum: (_, c) => c.birthDate,
      Postcode: (_, c) => c.postcode,
      Huisnummer: (_, c) => c.houseNumber,
      Signaal: signalCode({ poverty: 'ARMOEDE', debt: 'SCHULDEN' }),
      Ernst: (r) => r.severity as number,
    },
  },
];

/** Sterk Huis's trajectory export: client number (the BSN), wijk code, date of birth, its own codes for the form of care. */
const sterkhuis: PartnerExport[] = [
  {
    dataset: 'youth_care_trajectories',
    file: 'sterkhuis-trajecten-2023-2024.csv',
    mapping: 'deploy/mappings/sterkhuis.yaml',
    format: DUTCH_CSV,
    columns: {
      Clientnummer: (r) => r.child_ref as string,
      Jaar: (r) => r.year as number,
      Wijkcode: (r) => r.wijk as string,
      Geboortedatum: (_, c) => c.birthDate,
      Hulpvorm: (r) => ({ ambulant: 'AMB', residential: 'RES', foster_care: 'PLG' })[r.care_form as string]!,
      Uithuisplaatsing: (r) => (r.out_of_home ? 'Ja' : 'Nee'),
      'Duur traject (dagen)': (r) => r.duration_days as number,
    },
  },
  {
    dataset: 'risk_signals',
    file: 'sterkhuis-signalen-2023-2024.csv',
    mapping: 'deploy/mappings/sterkhuis-risk-signals.yaml',
    format: DUTCH_CSV,
    columns: {
      Clientnummer: (r) => r.child_ref as string,
      Jaar: (r) => r.year as number,
      Wijkcode: (r) => r.wijk as string,
      Geboortedatum: (_, c) => c.birthDate,
      Signaal: signalCode({ youth_care: 'JH', out_of_home_placement: 'UHP' }),
      Ernst: (r) => r.severity as number,
    },
  },
];

/** The GGD's youth health monitor, from its survey tool: comma-separated, with the wijk and age band already in the monitor's own terms. */
const ggd: PartnerExport[] = [
  {
    dataset: 'health_monitor',
    file: 'ggd-jeugdmonitor-2023-2024.csv',
    mapping: 'deploy/mappings/ggd.yaml',
    format: { delimiter: ',', bom: false },
    columns: {
      Respondent: (r) => r.child_ref as string,
      Jaar: (r) => r.year as number,
      Wijk: (r) => r.wijk as string,
      Leeftijdsklasse: (r) => r.age_band as string,
      'Ouder GGZ': (r) => jn(r.parent_mental_health_care),
      Overgewicht: (r) => jn(r.overweight),
      'Melding Veilig Thuis': (r) => jn(r.domestic_violence_report),
    },
  },
  {
    dataset: 'risk_signals',
    file: 'ggd-signalen-2023-2024.csv',
    mapping: 'deploy/mappings/ggd-risk-signals.yaml',
    format: { delimiter: ',', bom: false },
    columns: {
      Respondent: (r) => r.child_ref as string,
      Jaar: (r) => r.year as number,
      Wijk: (r) => r.wijk as string,
      Leeftijdsklasse: (r) => r.age_band as string,
      Signaal: signalCode({ domestic_violence: 'HG', parent_mental_health: 'GGZ' }),
      Ernst: (r) => r.severity as number,
    },
  },
];

/** The school board's pupil administration, as Excel workbooks: pupil number (the BSN), school, date of birth as a date cell, postcode only. */
const schoolbestuur: PartnerExport[] = [
  {
    dataset: 'pupils',
    file: 'schoolbestuur-leerlingen-2023-2024.xlsx',
    mapping: 'deploy/mappings/schoolbestuur.yaml',
    format: 'xlsx',
    columns: {
      Leerlingnummer: (r) => r.child_ref as string,
      Schooljaar: (r) => r.year as number,
      BRIN: (r) => r.school as string,
      Geboortedatum: (_, c) => c.birthDate,
      Postcode: (_, c) => c.postcode,
      Gewicht: (r) => r.pupil_weight as number,
      'Ongeoorloofd verzuim (uren)': (r) => r.absence_hours as number,
    },
  },
  {
    dataset: 'risk_signals',
    file: 'schoolbestuur-signalen-2023-2024.xlsx',
    mapping: 'deploy/mappings/schoolbestuur-risk-signals.yaml',
    format: 'xlsx',
    columns: {
      Leerlingnummer: (r) => r.child_ref as string,
      Schooljaar: (r) => r.year as number,
      Geboortedatum: (_, c) => c.birthDate,
      Postcode: (_, c) => c.postcode,
      Signaal: signalCode({ absenteeism: 'VERZUIM', school_disadvantage: 'ACHTERSTAND' }),
      Ernst: (r) => r.severity as number,
    },
  },
];

/** Per partner, the files it exports: one per catalog dataset it holds, in its own column names and codes. */
export const PARTNER_EXPORTS: Record<string, PartnerExport[]> = { gemeente, sterkhuis, ggd, schoolbestuur };
