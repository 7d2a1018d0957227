import { CellLabels } from './cell-labels';
import { CocktailTranslate, decimals, useCocktailT } from './analysis-i18n';
import { hiddenMark } from './format';
import { cocktailKey, cocktailMiddle as middleOf } from './cocktail-table';
import { RatioChart } from './ratio-chart';
import { ReleaseTranslate, useLanguage } from './release-i18n';
import { CocktailEstimates, Release, ReleasedCell, TOTAL } from './release-types';

type Cocktail = Release & { cocktail: CocktailEstimates };
type Format = (value: number) => string;

interface Props {
  release: Cocktail;
  labels: CellLabels;
  t: ReleaseTranslate;
  format: Format;
}

const OUTCOMES = ['0', '1', TOTAL];

/** "011: ouder in GGZ + schoolgewicht": the factors a pattern's 1-digits stand for. */
function patternLabel(code: string | number, factors: string[], c: CocktailTranslate, t: ReleaseTranslate): string {
  if (code === TOTAL) return t('total');
  const had = factors.filter((_, i) => String(code)[i] === '1');
  return `${code}: ${had.length > 0 ? had.join(' + ') : c('none')}`;
}

function Value({
  release,
  cell,
  t,
  format,
}: {
  release: Release;
  cell: ReleasedCell | undefined;
  t: ReleaseTranslate;
  format: Format;
}) {
  if (!cell) return <td />;
  return (
    <td
      class={cell.suppressed ? 'number hidden-cell' : 'number'}
      data-cell={cocktailKey(release, cell)}
      data-suppressed={String(cell.suppressed)}
      data-rule={cell.rule ?? ''}
    >
      {cell.suppressed ? hiddenMark(t, cell) : format(cell.value!)}
    </td>
  );
}

/** Every released count: a row per grid cell and pattern (or number of factors), a column per outcome; hidden ones marked with their rule. */
function CountsTable({ release, labels, t, format }: Props) {
  const c = useCocktailT();
  const middle = middleOf(release);
  const hasOutcome = release.cells.some((cell) => cell.coordinates.outcome !== undefined);
  const rows = new Map<string, ReleasedCell[]>();
  for (const cell of release.cells) {
    const key = [...release.groupBy.map((d) => cell.coordinates[d]), cell.coordinates[middle]].join('|');
    rows.set(key, [...(rows.get(key) ?? []), cell]);
  }
  const columns = hasOutcome ? [c('withoutOutcome'), c('withOutcome'), t('total')] : [c('children')];
  return (
    <table class="cocktail-counts" id="cocktail-counts">
      <caption>{c('counts')}</caption>
      <thead>
        <tr>
          {release.groupBy.map((d) => (
            <th key={d} scope="col">
              {labels.dimension(d)}
            </th>
          ))}
          <th scope="col">{middle === 'pattern' ? c('pattern') : c('numberOfFactors')}</th>
          {columns.map((name) => (
            <th key={name} scope="col" class="number">
              {name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {[...rows.entries()].map(([key, cells]) => (
          <tr key={key} data-row={key}>
            {release.groupBy.map((d) => (
              <td key={d}>{labels.value(d, cells[0].coordinates[d])}</td>
            ))}
            <th scope="row">
              {middle === 'pattern'
                ? patternLabel(cells[0].coordinates.pattern, release.cocktail.factors, c, t)
                : cells[0].coordinates.factors === TOTAL
                  ? t('total')
                  : String(cells[0].coordinates.factors)}
            </th>
            {hasOutcome ? (
              OUTCOMES.map((o) => {
                const cell = cells.find((x) => String(x.coordinates.outcome) === o);
                return <Value key={o} release={release} cell={cell} t={t} format={format} />;
              })
            ) : (
              <Value release={release} cell={cells[0]} t={t} format={format} />
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Relative risk against children without a risk factor, per number of factors: a table and a forest-style chart. */
function ByCount({ estimates, t, format }: { estimates: CocktailEstimates; t: ReleaseTranslate; format: Format }) {
  const c = useCocktailT();
  const language = useLanguage();
  const two = decimals(language, 2);
  const percent = decimals(language, 1);
  const byCount = estimates.byCount!;
  const rows = byCount
    .filter((r) => r.factors > 0)
    .map(({ factors, relativeRisk: rr }) => ({
      key: `s=${factors}`,
      label: c('factorsRow', { s: factors }),
      ratio: rr?.estimable ? { value: rr.rr, interval: rr.interval } : undefined,
      missing: c('notEstimable'),
    }));
  return (
    <section aria-labelledby="cocktail-by-count">
      <h4 id="cocktail-by-count">{c('byCount')}</h4>
      <table class="cocktail-risks" id="cocktail-risks">
        <caption>{c('byCount')}</caption>
        <thead>
          <tr>
            {[c('numberOfFactors'), c('children'), c('withOutcome'), c('risk'), c('relativeRisk'), t('interval')].map(
              (name, i) => (
                <th key={name} scope="col" class={i === 0 ? '' : 'number'}>
                  {name}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {byCount.map((r) => {
            const rr = r.relativeRisk;
            const risk = r.children && r.withOutcome !== null ? `${percent((100 * r.withOutcome) / r.children)}%` : '';
            return (
              <tr key={r.factors} data-factors={r.factors} data-rr={rr?.estimable ? String(rr.rr) : ''}>
                <th scope="row">{r.factors}</th>
                <td class="number">{r.children === null ? t('hiddenSymbol') : format(r.children)}</td>
                <td class="number">{r.withOutcome === null ? t('hiddenSymbol') : format(r.withOutcome)}</td>
                <td class="number">{risk}</td>
                <td class="number">
                  {r.factors === 0 ? c('reference') : rr?.estimable ? two(rr.rr) : c('notEstimable')}
                </td>
                <td class="number">
                  {rr?.estimable
                    ? t('intervalRange', { lower: two(rr.interval.lower), upper: two(rr.interval.upper) })
                    : ''}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <RatioChart
        id="rr-chart"
        rows={rows}
        title={c('rrTitle', { outcome: estimates.outcome ?? '' })}
        desc={c('rrDesc')}
        tableId="cocktail-risks"
      />
    </section>
  );
}

/** The regression's coefficients and odds ratios with their intervals: a table and a forest-style chart of the odds ratios. */
function Regression({ estimates }: { estimates: CocktailEstimates }) {
  const c = useCocktailT();
  const language = useLanguage();
  const [two, three] = [decimals(language, 2), decimals(language, 3)];
  const regression = estimates.regression!;
  const term = (name: string) => (name === 'intercept' ? c('intercept') : name);
  if (!regression.fit) return <p class="cocktail-no-fit">{c('noFit')}</p>;
  const terms = regression.fit.coefficients;
  const rows = terms
    .filter((k) => k.term !== 'intercept')
    .map((k) => ({ key: k.term, label: k.term, ratio: { value: k.oddsRatio, interval: k.oddsRatioInterval } }));
  return (
    <section aria-labelledby="cocktail-regression">
      <h4 id="cocktail-regression">{c('regression')}</h4>
      <table class="cocktail-odds" id="cocktail-odds">
        <caption>{c('regression')}</caption>
        <thead>
          <tr>
            {[c('term'), c('coefficient'), c('standardError'), c('oddsRatio'), '95%'].map((name, i) => (
              <th key={name} scope="col" class={i === 0 ? '' : 'number'}>
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {terms.map((k) => (
            <tr key={k.term} data-term={k.term} data-odds-ratio={String(k.oddsRatio)}>
              <th scope="row">{term(k.term)}</th>
              <td class="number">{three(k.estimate)}</td>
              <td class="number">{three(k.standardError)}</td>
              <td class="number">{two(k.oddsRatio)}</td>
              <td class="number">{`${two(k.oddsRatioInterval.lower)} – ${two(k.oddsRatioInterval.upper)}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{c('fittedOn', { children: regression.childrenInFit })}</p>
      {rows.length > 0 && (
        <RatioChart
          id="or-chart"
          rows={rows}
          title={c('orTitle', { outcome: estimates.outcome ?? '' })}
          desc={c('orDesc')}
          tableId="cocktail-odds"
        />
      )}
    </section>
  );
}

/** What suppression took from the estimates: patterns left out of the fit, relative risks it made impossible, the coordinator's notes. */
function Limits({ estimates, format }: { estimates: CocktailEstimates; format: Format }) {
  const c = useCocktailT();
  const unused = estimates.regression?.unusedPatterns ?? [];
  const risks = (estimates.byCount ?? []).filter((r) => r.relativeRisk && !r.relativeRisk.estimable);
  const notes = estimates.regression?.notes ?? [];
  return (
    <section class="cocktail-limits" aria-labelledby="cocktail-limits">
      <h4 id="cocktail-limits">{c('limits')}</h4>
      {unused.length + risks.length + notes.length === 0 ? (
        <p>{c('noLimits')}</p>
      ) : (
        <ul>
          {unused.map((u) => (
            <li key={u.pattern} data-pattern={u.pattern}>
              {u.children === null
                ? c('unusedPatternHidden', { pattern: u.pattern })
                : c('unusedPattern', { pattern: u.pattern, children: format(u.children) })}
            </li>
          ))}
          {risks.map((r) => (
            <li key={`s${r.factors}`} data-factors={r.factors}>
              {c('rrLimited', { s: r.factors })}{' '}
              <span lang="en">{r.relativeRisk && !r.relativeRisk.estimable ? r.relativeRisk.reason : ''}</span>
            </li>
          ))}
          {notes.map((note) => (
            <li key={note}>
              {c('coordinatorSays')} <span lang="en">{note}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const methodLabel = (estimates: CocktailEstimates, release: Release) =>
  !estimates.outcome
    ? 'methodCounts'
    : release.combination?.analysis === 'outcomeByCount' || estimates.byCount
      ? 'methodOutcomeByCount'
      : 'methodPatterns';

/** A cocktail release: the factors, every count with its suppression mark, the relative risks or the regression with their intervals, and what suppression limited. */
export function CocktailView({ release, labels, t, format }: Props) {
  const c = useCocktailT();
  const { cocktail } = release;
  const analysis = release.combination?.analysis === 'outcomeByCount' ? 'analysis.outcomeByCount' : 'analysis.patterns';
  return (
    <section class="cocktail" aria-labelledby="cocktail-title">
      <h4 id="cocktail-title">
        {c('cocktailTitle')}: {c(analysis)}
      </h4>
      <p>{c('riskFactors')}</p>
      <ol class="cocktail-factors">
        {cocktail.factors.map((f) => (
          <li key={f}>{f}</li>
        ))}
      </ol>
      {cocktail.outcome && (
        <p>
          {c('outcome')}: {cocktail.outcome}
        </p>
      )}
      <CountsTable release={release} labels={labels} t={t} format={format} />
      {cocktail.byCount && <ByCount estimates={cocktail} t={t} format={format} />}
      {cocktail.regression && <Regression estimates={cocktail} />}
      {cocktail.outcome && <Limits estimates={cocktail} format={format} />}
      <p class="release-method">
        {c('method')}: {c(methodLabel(cocktail, release))}
      </p>
    </section>
  );
}
