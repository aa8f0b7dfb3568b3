import { memo, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useI18n } from '../i18n/I18n';
import { searchQueue, type AlertEntry } from './fold';
import { formatClock, formatSpan } from './format';
import { STATUS_COLORS } from './status';
import { slaClock } from './sla';
import type { AlertSnapshot } from './fold';
import type { AlertStream } from './useAlertStream';
import type { ConnectionStatus } from '../graphql/client';

/**
 * One shared one-second clock: only the timers re-render each second, not the rows around them (a
 * raid can put thousands of alerts in the queue).
 */
const ticker = (() => {
  let now = Date.now();
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setInterval> | null = null;
  return {
    now: () => now,
    subscribe(l: () => void) {
      listeners.add(l);
      timer ??= setInterval(() => {
        now = Date.now();
        listeners.forEach((f) => f());
      }, 1_000);
      return () => {
        listeners.delete(l);
        if (listeners.size === 0 && timer) {
          clearInterval(timer);
          timer = null;
        }
      };
    },
  };
})();
/** The shared one-second clock (also the incident rows' and panel's). */
export const useNow = () => useSyncExternalStore(ticker.subscribe, ticker.now);

/** Rows drawn at most: beyond this the queue says how many more there are (the map shows them all). */
export const MAX_ROWS = 500;

interface Props {
  /** The queue: open alerts, already in priority order (see alertQueue). */
  entries: readonly AlertEntry[];
  stream: Pick<AlertStream, 'error' | 'retry' | 'loaded'>;
  connection: ConnectionStatus;
  selectedId: string | null;
  onSelect(id: string): void;
  /** Drawn above the rows: the incidents, each grouping its alerts (console/incidents); `groups` of them. */
  top?: { node: ReactNode; groups: number };
}

/** The four states: error (with retry) wins, then alerts, then "loaded, connected, none open", then loading. */
export function AlertList({ entries: queue, stream, connection, selectedId, onSelect, top }: Props) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const entries = useMemo(() => searchQueue(queue, search), [queue, search]);

  let body;
  if (stream.error) {
    body = (
      <div className="list-state list-error" data-testid="alerts-error" role="alert">
        <p>{t.list.error}</p>
        <button type="button" onClick={stream.retry}>
          {t.list.retry}
        </button>
      </div>
    );
  } else if (entries.length > 0) {
    body = (
      <ol className="alert-rows">
        {entries.slice(0, MAX_ROWS).map((e) => (
          <AlertRow key={e.alert.id} entry={e} selected={e.alert.id === selectedId} onSelect={onSelect} />
        ))}
        {entries.length > MAX_ROWS ? <li className="more" data-testid="more-alerts">{t.list.more(entries.length - MAX_ROWS)}</li> : null}
      </ol>
    );
  } else if (search.trim() !== '' && queue.length > 0) {
    body = (
      <p className="list-state" data-testid="search-empty">
        {t.list.noMatch(search.trim())}
      </p>
    );
  } else if (top?.groups) {
    body = null; // every open alert is grouped under an incident above
  } else if (stream.loaded && connection === 'connected') {
    body = (
      <p className="list-state" data-testid="alerts-empty">
        {t.list.empty}
      </p>
    );
  } else {
    body = (
      <p className="list-state" data-testid="alerts-loading" aria-busy="true">
        {t.list.loading}
      </p>
    );
  }

  return (
    <section className="alert-list" aria-labelledby="alerts-heading">
      <h2 id="alerts-heading">
        {t.list.heading} <small>{queue.length > 0 ? t.list.count(queue.length) : null}</small>
      </h2>
      <input
        className="queue-search"
        data-testid="queue-search"
        type="search"
        placeholder={t.list.search}
        aria-label={t.list.search}
        autoComplete="off"
        spellCheck={false}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      {top?.node}
      {body}
    </section>
  );
}

/** One queue row; re-renders only when its alert changes or it is (de)selected. */
const AlertRow = memo(function AlertRow({ entry, selected, onSelect }: { entry: AlertEntry; selected: boolean; onSelect(id: string): void }) {
  const { t } = useI18n();
  const { alert, lastEvent } = entry;
  return (
    <li
      data-testid="alert-row"
      data-alert-id={alert.id}
      data-status={alert.status}
      data-last-event={lastEvent?.type}
      className={['open', alert.duress ? 'duress' : '', selected ? 'selected' : ''].join(' ').trim()}
      tabIndex={0}
      aria-current={selected ? 'true' : undefined}
      title={t.list.open(alert.shortCode)}
      onClick={() => onSelect(alert.id)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onSelect(alert.id);
        }
      }}
    >
      <div className="row-top">
        {alert.duress ? (
          <span className="badge badge-duress" data-testid="duress-badge">
            {t.badges.duress}
          </span>
        ) : null}
        <code className="short-code">{alert.shortCode}</code>
        {alert.status === 'ESCALATED' ? (
          <span className="badge badge-escalated" data-testid="escalated-badge">
            {t.badges.escalated}
          </span>
        ) : (
          <span className="status" data-testid="row-status" style={{ background: STATUS_COLORS[alert.status] }}>
            {t.status[alert.status]}
          </span>
        )}
        <Age alert={alert} />
      </div>
      <div className="row-detail">
        {t.kind[alert.kind]} · {alert.consulate.name} ({t.match[alert.jurisdictionMatch.method]})
        {alert.location.precise ? null : <> · {t.list.coarse}</>}
      </div>
      {alert.assignedAdvisor ? (
        <div className="row-detail">{t.list.assignedTo(alert.assignedAdvisor.name)}</div>
      ) : alert.offer ? (
        <div className="row-detail">{t.list.offeredTo(alert.offer.advisor.name)}</div>
      ) : null}
    </li>
  );
});

/** The live SLA timer of a row (or its age when no clock runs), ticking every second. */
export function Age({ alert }: { alert: AlertSnapshot }) {
  const { t } = useI18n();
  const now = useNow();
  const sla = slaClock(alert, now);
  const title = new Date(alert.createdAt).toLocaleString();
  if (!sla)
    return (
      <time className="age" dateTime={alert.createdAt} title={title}>
        {t.age(formatSpan(now - Date.parse(alert.createdAt)))}
      </time>
    );
  return (
    <time
      className={`age sla${sla.overdue ? ' overdue' : ''}`}
      dateTime={alert.createdAt}
      title={`${title}${sla.overdue ? ` · ${t.sla.overdue}` : ''}`}
      data-testid="sla-timer"
      data-clock={sla.clock}
      data-overdue={sla.overdue ? 'true' : 'false'}
      data-elapsed={sla.elapsedS}
    >
      {t.sla.waiting[sla.clock]} {formatClock(sla.elapsedS)}
    </time>
  );
}
