import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18n';
import type { AlertEntry } from './fold';
import { formatSpan } from './format';
import { STATUS_COLORS } from './status';
import type { AlertStream } from './useAlertStream';
import type { ConnectionStatus } from '../graphql/client';

/** Re-renders every `ms` so ages stay current without a timer per row. */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

interface Props {
  /** The queue: open alerts, already in priority order (see alertQueue). */
  entries: readonly AlertEntry[];
  stream: Pick<AlertStream, 'error' | 'retry' | 'loaded'>;
  connection: ConnectionStatus;
  selectedId: string | null;
  onSelect(id: string): void;
}

/** The four states: error (with retry) wins, then alerts, then "loaded, connected, none open", then loading. */
export function AlertList({ entries, stream, connection, selectedId, onSelect }: Props) {
  const { t } = useI18n();
  const now = useNow(10_000);

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
        {entries.map(({ alert, lastEvent }) => (
          <li
            key={alert.id}
            data-testid="alert-row"
            data-alert-id={alert.id}
            data-status={alert.status}
            data-last-event={lastEvent?.type}
            className={['open', alert.duress ? 'duress' : '', alert.id === selectedId ? 'selected' : ''].join(' ').trim()}
            tabIndex={0}
            aria-current={alert.id === selectedId ? 'true' : undefined}
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
              <time className="age" dateTime={alert.createdAt} title={new Date(alert.createdAt).toLocaleString()}>
                {t.age(formatSpan(now - Date.parse(alert.createdAt)))}
              </time>
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
        ))}
      </ol>
    );
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
        {t.list.heading} <small>{entries.length > 0 ? t.list.count(entries.length) : null}</small>
      </h2>
      {body}
    </section>
  );
}
