import { decimals } from './analysis-i18n';
import { CohortTranslate, useCohortT } from './cohort-i18n';
import { cohortCsv } from '../../../../libs/combination/src/cohort/cohort-csv';
import type {
  CohortArmRisk,
  CohortEffect,
  CohortPreTrend,
} from '../../../../libs/combination/src/cohort/cohort-effect-types';
import { save } from './downloads';
import { hiddenMark } from './format';
import { IntervalChart, IntervalRow } from './interval-chart';
import { ReleaseTranslate, useLanguage } from './release-i18n';
import { Release, TOTAL } from './release-types';

type Cohort = Release & { effect: CohortEffect };
type Format = (value: number) => string;

const ARMS = ['intervention', 'comparison', TOTAL];
const OUTCOMES = ['0', '1', TOTAL];

/** Risks in percent and differences in percentage points, one decimal, in the reader's language. */
function useFormats() {
  const one = decimals(useLanguage(), 1);
  return {
    percent: (x: number) => `${one(100 * x)}%`,
    points: (x: number) => `${x < 0 ? '−' : x > 0 ? '+' : ''}${one(Math.abs(100 * x))}`,
  };
}

const armLabel = (c: CohortTranslate, t: ReleaseTranslate, arm: string | number) =>
  arm === TOTAL ? t('total') : c(`arm.${arm}` as 'arm.intervention');
const groupLabel = (c: CohortTranslate, g: Pick<CohortArmRisk, 'arm' | 'cohort' | 'year'>) =>
  `${c(`arm.${g.arm}`)}, ${c(`cohort.${g.cohort}`, { year: g.year })}`;

/** "intervention, after cohort (2024)", as the coordinator names a group it could not use, in the reader's words. */
function unusableLabel(c: CohortTranslate, name: string) {
  const m = /^(intervention|comparison), (before|after) cohort \((.+)\)$/.exec(name);
  if (!m) return <span lang="en">{name}</span>;
  return groupLabel(c, { arm: m[1] as CohortArmRisk['arm'], cohort: m[2] as CohortArmRisk['cohort'], year: m[3] });
}

/** The after cohort's arm × outcome counts as released, hidden ones marked with their rule. */
function Counts({ release, t, format }: { release: Cohort; t: ReleaseTranslate; format: Format }) {
  const c = useCohortT();
  const at = (arm: string, outcome: string) =>
    release.cells.find((x) => String(x.coordinates.arm) === arm && String(x.coordinates.outcome) === outcome);
  return (
    <table class="cohort-counts" id="cohort-counts">
      <caption>{c('counts', { year: release.effect.cohorts.after.year })}</caption>
      <thead>
        <tr>
          {[c('arm'), c('withoutOutcome'), c('withOutcome'), c('children')].map((name, i) => (
            <th key={name} scope="col" class={i === 0 ? '' : 'number'}>
              {name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {ARMS.filter((arm) => at(arm, TOTAL)).map((arm) => (
          <tr key={arm}>
            <th scope="row">{armLabel(c, t, arm)}</th>
            {OUTCOMES.map((outcome) => {
              const cell = at(arm, outcome);
              if (!cell) return <td key={outcome} />;
              return (
                <td
                  key={outcome}
                  class={cell.suppressed ? 'number hidden-cell' : 'number'}
                  data-cell={`${arm}|${outcome}`}
                  data-suppressed={String(cell.suppressed)}
                  data-rule={cell.rule ?? ''}
                >
                  {cell.suppressed ? hiddenMark(t, cell) : format(cell.value!)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The four cohort × arm groups: children, with the outcome, the risk and its interval, a table and a chart. */
function Groups({ effect, t, format }: { effect: CohortEffect; t: ReleaseTranslate; format: Format }) {
  const c = useCohortT();
  const { percent } = useFormats();
  const rows: IntervalRow[] = effect.groups.map((g) => ({
    key: `${g.arm} ${g.cohort}`,
    label: groupLabel(c, g),
    ...(g.risk !== undefined && g.interval
      ? { estimate: g.risk, interval: [g.interval.lower, g.interval.upper] as [number, number] }
      : { missing: c('hiddenGroup') }),
  }));
  const count = (n: number | null) => (n === null ? t('hiddenSymbol') : format(n));
  return (
    <section aria-labelledby="cohort-groups-title">
      <h5 id="cohort-groups-title">{c('groups')}</h5>
      <table class="cohort-groups" id="cohort-groups">
        <caption>{c('groups')}</caption>
        <thead>
          <tr>
            {[c('cohort'), c('arm'), c('children'), c('withOutcome'), c('risk'), c('interval')].map((name, i) => (
              <th key={name} scope="col" class={i < 2 ? '' : 'number'}>
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {effect.groups.map((g) => (
            <tr key={`${g.arm} ${g.cohort}`} data-group={`${g.arm} ${g.cohort}`} data-risk={String(g.risk ?? '')}>
              <th scope="row">{c(`cohort.${g.cohort}`, { year: g.year })}</th>
              <td>{c(`arm.${g.arm}`)}</td>
              <td class="number">{count(g.children)}</td>
              <td class="number">{count(g.withOutcome)}</td>
              <td class="number">{g.risk === undefined ? '' : percent(g.risk)}</td>
              <td class="number">
                {g.interval
                  ? t('intervalRange', { lower: percent(g.interval.lower), upper: percent(g.interval.upper) })
                  : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <IntervalChart
        id="cohort-risk-chart"
        rows={rows}
        title={c('riskChartTitle')}
        desc={c('riskChartDesc')}
        tableId="cohort-groups"
        format={percent}
      />
    </section>
  );
}

function Unusable({ names }: { names: string[] }) {
  const c = useCohortT();
  if (names.length === 0) return null;
  return (
    <>
      <p>{c('unusable')}</p>
      <ul class="cohort-unusable">
        {names.map((name) => (
          <li key={name} data-group={name}>
            {unusableLabel(c, name)}
          </li>
        ))}
      </ul>
    </>
  );
}

/** The difference in differences in a sentence with what its interval says, or why there is none. */
function Effect({ effect }: { effect: CohortEffect }) {
  const c = useCohortT();
  const { points } = useFormats();
  if (!effect.cohorts.before) return <p id="did-sentence">{c('noBefore')}</p>;
  if (!effect.estimable || effect.estimate === undefined || !effect.interval)
    return (
      <>
        <p id="did-sentence">
          {c('noDid')} <span lang="en">{effect.reason}</span>
        </p>
        <Unusable names={effect.unusableCells} />
      </>
    );
  const { lower, upper } = effect.interval;
  return (
    <>
      <p id="did-sentence" data-estimate={String(effect.estimate)}>
        {c('didSentence', { estimate: points(effect.estimate), lower: points(lower), upper: points(upper) })}
      </p>
      <p>{c(upper < 0 ? 'didBelow' : lower > 0 ? 'didAbove' : 'didCovers')}</p>
    </>
  );
}

/** Whether the arms moved alike before the intervention: the difference in trend, or why it could not be checked. */
function PreTrend({ pre }: { pre: CohortPreTrend }) {
  const c = useCohortT();
  const { points } = useFormats();
  const sentence = () => {
    if (pre.checked && pre.estimate !== undefined && pre.interval && pre.years) {
      const years = `${pre.years[0]}–${pre.years[pre.years.length - 1]}`;
      const values = {
        years,
        estimate: points(pre.estimate),
        lower: points(pre.interval.lower),
        upper: points(pre.interval.upper),
      };
      return c(pre.alike ? 'preTrendAlike' : 'preTrendNotAlike', values);
    }
    return pre.cohorts.length < 2
      ? c('preTrendOneCohort', { year: pre.cohorts.map((x) => x.year).join(', ') })
      : c('preTrendHidden');
  };
  return (
    <section aria-labelledby="pre-trend-title">
      <h5 id="pre-trend-title">{c('preTrendTitle')}</h5>
      <p id="pre-trend-sentence" data-checked={String(pre.checked)} data-estimate={String(pre.estimate ?? '')}>
        {sentence()}
      </p>
      {pre.checked ? <p>{c('preTrendWeak')}</p> : <Unusable names={pre.unusableCells} />}
    </section>
  );
}

/** The difference in differences and the pre-trend as an interval chart in percentage points. */
function EffectChart({ effect }: { effect: CohortEffect }) {
  const c = useCohortT();
  const { points } = useFormats();
  const row = (key: string, label: string, missing: string, estimate?: number, interval?: CohortEffect['interval']) =>
    estimate !== undefined && interval
      ? { key, label, estimate, interval: [interval.lower, interval.upper] as [number, number] }
      : { key, label, missing };
  const pre = effect.preTrend;
  const rows = [
    row('did', c('did'), c('notEstimable'), effect.estimate, effect.interval),
    ...(pre ? [row('pre-trend', c('preTrend'), c('notChecked'), pre.estimate, pre.interval)] : []),
  ];
  return (
    <IntervalChart
      id="did-chart"
      rows={rows}
      title={c('effectChartTitle')}
      desc={c('effectChartDesc')}
      tableId="cohort-groups"
      format={points}
    />
  );
}

function Caveats() {
  const c = useCohortT();
  return (
    <section class="cohort-caveats" aria-labelledby="cohort-assumption">
      <h5 id="cohort-assumption">{c('assumption')}</h5>
      <p>{c('assumptionText')}</p>
      <h5 id="cohort-caveats">{c('caveats')}</h5>
      <ul aria-labelledby="cohort-caveats">
        {(['caveatChosen', 'caveatVariance', 'caveatWald', 'caveatAny', 'caveatSuppression'] as const).map((k) => (
          <li key={k}>{c(k)}</li>
        ))}
      </ul>
    </section>
  );
}

/** A cohort release: the counts, the four groups, the difference in differences and its pre-trend check, the assumption and caveats, the effect's CSV. */
export function CohortView({ release, t, format }: { release: Cohort; t: ReleaseTranslate; format: Format }) {
  const c = useCohortT();
  const { effect } = release;
  const { before, after } = effect.cohorts;
  return (
    <section class="cohort" aria-labelledby="cohort-title">
      <h4 id="cohort-title">{c('title')}</h4>
      <p>{c('outcomes', { outcomes: effect.outcomes.join('; ') })}</p>
      <p>
        {before ? c('cohorts', { after: after.year, before: before.year }) : c('onlyCohort', { after: after.year })}
      </p>
      <Counts release={release} t={t} format={format} />
      <Groups effect={effect} t={t} format={format} />
      <section aria-labelledby="cohort-effect-title">
        <h5 id="cohort-effect-title">{c('effect')}</h5>
        <Effect effect={effect} />
        {before && <EffectChart effect={effect} />}
      </section>
      {effect.preTrend && <PreTrend pre={effect.preTrend} />}
      <Caveats />
      <button
        type="button"
        class="download-effect"
        onClick={() => save(`effect-${release.queryId}.csv`, 'text/csv;charset=utf-8', cohortCsv(effect, '\r\n'))}
      >
        {c('download')}
      </button>
      <p class="help">{c('csvHelp')}</p>
      <p class="release-method">
        {c('method')}: <span lang="en">{effect.method}</span>
        {effect.preTrend && (
          <>
            {' '}
            <span lang="en">{effect.preTrend.method}</span>
          </>
        )}
      </p>
    </section>
  );
}
