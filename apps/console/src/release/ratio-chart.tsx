import { decimals } from './analysis-i18n';
import { IntervalChart } from './interval-chart';
import { useLanguage } from './release-i18n';
import { Interval } from './release-types';

/** A ratio (a relative risk, an odds ratio) with its 95% interval, or why there is none. */
export interface RatioRow {
  key: string;
  label: string;
  ratio?: { value: number; interval: Interval };
  /** Shown instead of the ratio when there is none. */
  missing?: string;
}

interface Props {
  id: string;
  rows: RatioRow[];
  title: string;
  desc: string;
  /** The table with the same numbers. */
  tableId: string;
}

/** Ratios as a forest chart: a log axis with the line of no effect at 1, two decimals. */
export function RatioChart({ id, rows, title, desc, tableId }: Props) {
  const two = decimals(useLanguage(), 2);
  const drawn = rows.map(({ key, label, ratio, missing }) =>
    ratio
      ? {
          key,
          label,
          estimate: ratio.value,
          interval: [ratio.interval.lower, ratio.interval.upper] as [number, number],
        }
      : { key, label, missing },
  );
  return <IntervalChart id={id} rows={drawn} log title={title} desc={desc} tableId={tableId} format={two} />;
}
