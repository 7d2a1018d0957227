import { Injectable } from '@nestjs/common';

/** A label and every value it may take: a closed set (states, steps, reason classes), never an id, a record or a text. */
export interface MetricLabel<V extends string = string> {
  name: string;
  values: readonly V[];
}

type Kind = 'counter' | 'gauge' | 'histogram';

interface Family {
  name: string;
  help: string;
  kind: Kind;
  label?: MetricLabel;
  lines(): Promise<string[]>;
}

const METRIC_NAME = /^[a-z_][a-z0-9_]*$/;

/** Step durations of seconds to an hour (a combination step may take that long). */
export const DURATION_BUCKETS = [0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600];

/**
 * The process's metrics in Prometheus's text format (0.0.4), written by hand. Every label is declared with its
 * closed set of values and a value outside it is refused, so no query id, purpose or value can become a label.
 */
@Injectable()
export class Metrics {
  private readonly families: Family[] = [];

  counter<V extends string>(name: string, help: string, label?: MetricLabel<V>): Counter<V> {
    const counter = new Counter<V>(name, label);
    this.register({ name, help, kind: 'counter', label, lines: async () => counter.lines() });
    return counter;
  }

  /** A gauge read at each scrape: one number, or one per label value (a value missing from the answer is 0). */
  gauge<V extends string>(
    name: string,
    help: string,
    read: () => Promise<number | Partial<Record<V, number>>> | number | Partial<Record<V, number>>,
    label?: MetricLabel<V>,
  ): void {
    this.register({ name, help, kind: 'gauge', label, lines: async () => gaugeLines(name, await read(), label) });
  }

  histogram<V extends string>(
    name: string,
    help: string,
    label: MetricLabel<V>,
    buckets = DURATION_BUCKETS,
  ): Histogram<V> {
    const histogram = new Histogram<V>(name, label, buckets);
    this.register({ name, help, kind: 'histogram', label, lines: async () => histogram.lines() });
    return histogram;
  }

  async exposition(): Promise<string> {
    const blocks = await Promise.all(
      this.families.map(async (f) =>
        [`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.kind}`, ...(await f.lines())].join('\n'),
      ),
    );
    return blocks.join('\n') + '\n';
  }

  private register(family: Family): void {
    if (!METRIC_NAME.test(family.name)) throw new Error(`metric name ${family.name} is not [a-z_][a-z0-9_]*`);
    if (this.families.some((f) => f.name === family.name)) throw new Error(`metric ${family.name} is declared twice`);
    if (family.label) for (const value of family.label.values) checkValue(value);
    this.families.push(family);
  }
}

export class Counter<V extends string> {
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly name: string,
    private readonly label?: MetricLabel<V>,
  ) {
    for (const value of label?.values ?? ['']) this.counts.set(value, 0);
  }

  inc(value?: V, by = 1): void {
    const key = closed(this.name, this.label, value);
    this.counts.set(key, (this.counts.get(key) ?? 0) + by);
  }

  lines(): string[] {
    return [...this.counts].map(([value, count]) => `${this.name}${labels(this.label, value)} ${number(count)}`);
  }
}

export class Histogram<V extends string> {
  private readonly series = new Map<string, { buckets: number[]; sum: number; count: number }>();

  constructor(
    private readonly name: string,
    private readonly label: MetricLabel<V>,
    private readonly bounds: number[],
  ) {
    for (const value of label.values) this.series.set(value, { buckets: bounds.map(() => 0), sum: 0, count: 0 });
  }

  observe(value: V, seconds: number): void {
    const series = this.series.get(closed(this.name, this.label, value))!;
    if (!Number.isFinite(seconds) || seconds < 0) return;
    this.bounds.forEach((bound, i) => seconds <= bound && series.buckets[i]++);
    series.sum += seconds;
    series.count++;
  }

  lines(): string[] {
    return [...this.series].flatMap(([value, s]) => {
      const label = `${this.label.name}="${value}"`;
      const bucket = (le: string, n: number) => `${this.name}_bucket{${label},le="${le}"} ${n}`;
      return [
        ...this.bounds.map((bound, i) => bucket(number(bound), s.buckets[i])),
        bucket('+Inf', s.count),
        `${this.name}_sum{${label}} ${number(s.sum)}`,
        `${this.name}_count{${label}} ${s.count}`,
      ];
    });
  }
}

function gaugeLines<V extends string>(
  name: string,
  read: number | Partial<Record<V, number>>,
  label?: MetricLabel<V>,
): string[] {
  if (!label) return [`${name} ${number(typeof read === 'number' ? read : 0)}`];
  const counts = typeof read === 'number' ? ({} as Partial<Record<V, number>>) : read;
  for (const value of Object.keys(counts)) closed(name, label, value);
  return label.values.map((value) => `${name}${labels(label, value)} ${number(counts[value] ?? 0)}`);
}

function closed(name: string, label: MetricLabel | undefined, value: string | undefined): string {
  if (!label) return '';
  if (value === undefined || !label.values.includes(value))
    throw new Error(`${name}: ${label.name} must be one of ${label.values.join(', ')}`);
  return value;
}

/** Declared values only, and only characters that never need escaping. */
function checkValue(value: string): void {
  if (!/^[a-z0-9_.-]{1,40}$/.test(value)) throw new Error(`label value ${JSON.stringify(value)} is not a short name`);
}

const labels = (label: MetricLabel | undefined, value: string) => (label ? `{${label.name}="${value}"}` : '');

const number = (n: number) => (Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN');
