import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useWhen } from '../i18n';
import { jsonLines } from '../../../../libs/audit/src/federation-audit';
import { TaggedEntry } from './federation';
import { filterEntries, NO_FILTER, TIMELINE_PAGE, TimelineFilter } from './filter';
import { eventWords, useEthicsT } from './labels';

const distinct = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => !!v))].sort();

/** A detail in one line: the metadata the entry carries (ids, hashes, counts, reasons; never a record). */
const detailText = (details: Record<string, unknown>) =>
  Object.entries(details)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('; ');

function download(entries: TaggedEntry[]): void {
  const url = URL.createObjectURL(new Blob([jsonLines(entries)], { type: 'application/x-ndjson' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: 'audit-timeline.jsonl' });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/** Every log's entries as one timeline, filtered by query, log, event type, text and time, exportable as JSON lines. */
export function Timeline({ entries, onOpen }: { entries: TaggedEntry[]; onOpen: (queryId: string) => void }) {
  const t = useEthicsT();
  const when = useWhen();
  const [filter, setFilter] = useState<TimelineFilter>(NO_FILTER);
  const shown = useMemo(() => filterEntries(entries, filter), [entries, filter]);
  const [listed, setListed] = useState(TIMELINE_PAGE);
  const listedNote = useRef<HTMLParagraphElement>(null);
  useEffect(() => setListed(TIMELINE_PAGE), [entries]);
  const rows = shown.slice(0, listed);
  const rest = shown.length - rows.length;
  const loadMore = () => {
    setListed(listed + TIMELINE_PAGE);
    // The button goes with the last page: the keyboard's focus moves to what it loaded, not to the top of the page.
    if (rest <= TIMELINE_PAGE) listedNote.current?.focus();
  };
  const set = (name: keyof TimelineFilter) => (event: Event) => {
    setFilter({ ...filter, [name]: (event.currentTarget as HTMLInputElement).value });
    setListed(TIMELINE_PAGE);
  };
  const choice = (name: 'queryId' | 'log' | 'type', label: string, values: string[], words = (v: string) => v) => (
    <div>
      <label for={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} value={filter[name]} onChange={set(name)}>
        <option value="">{t('any')}</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {words(v)}
          </option>
        ))}
      </select>
    </div>
  );
  const moment = (name: 'from' | 'to', label: string) => (
    <div>
      <label for={`filter-${name}`}>{label}</label>
      <input id={`filter-${name}`} type="datetime-local" value={filter[name]} onInput={set(name)} />
    </div>
  );

  return (
    <section aria-labelledby="timeline-title">
      <h3 id="timeline-title">{t('timeline')}</h3>
      <fieldset class="filters">
        <legend>{t('filters')}</legend>
        {choice('queryId', t('filterQuery'), distinct(entries.map((e) => e.queryId)))}
        {choice('log', t('filterLog'), distinct(entries.map((e) => e.log)))}
        {choice('type', t('filterType'), distinct(entries.map((e) => e.type)), (v) => eventWords(t, v))}
        <div>
          <label for="filter-text">{t('filterText')}</label>
          <input id="filter-text" type="search" value={filter.text} onInput={set('text')} />
        </div>
        {moment('from', t('filterFrom'))}
        {moment('to', t('filterTo'))}
      </fieldset>
      <p role="status">{t('shown', { shown: shown.length, total: entries.length })}</p>
      <button type="button" onClick={() => download(shown)}>
        {t('exportJsonl')}
      </button>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('time')}</th>
            <th scope="col">{t('log')}</th>
            <th scope="col">{t('event')}</th>
            <th scope="col">{t('query')}</th>
            <th scope="col">{t('actor')}</th>
            <th scope="col">{t('details')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr
              key={`${e.log} ${e.seq}`}
              data-log={e.log}
              data-seq={e.seq}
              data-type={e.type}
              data-query-id={e.queryId ?? ''}
            >
              <td>{when(e.time)}</td>
              <td>{e.log}</td>
              <td>{eventWords(t, e.type)}</td>
              <td>
                {e.queryId && (
                  <button type="button" aria-label={`${t('open')} ${e.queryId}`} onClick={() => onOpen(e.queryId!)}>
                    {e.queryId.slice(0, 8)}
                  </button>
                )}
              </td>
              <td>{e.actor}</td>
              <td class="details">{detailText(e.details)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p id="timeline-listed" ref={listedNote} tabIndex={-1} aria-live="polite">
        {t('listed', { listed: rows.length, shown: shown.length })}
      </p>
      {rest > 0 && (
        <button type="button" onClick={loadMore}>
          {t('loadMore', { count: Math.min(rest, TIMELINE_PAGE) })}
        </button>
      )}
    </section>
  );
}
