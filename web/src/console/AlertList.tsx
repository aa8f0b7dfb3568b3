import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18n';
import { isOpen, shortCode, type AlertEntry } from './fold';
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
  /** Already ordered (see alertList). */
  entries: readonly AlertEntry[];
  stream: Pick<AlertStream, 'error' | 'retry'>;
  connection: ConnectionStatus;
}

/** The four states: error (with retry) wins, then alerts, then "connected but none yet", then loading. */
export function AlertList({ entries, stream, connection }: Props) {
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
          <li key={alert.id} data-testid="alert-row" data-alert-id={alert.id} data-last-event={lastEvent.type} className={isOpen(alert.status) ? 'open' : 'closed'}>
            <div className="row-top">
              <code className="short-code">{shortCode(alert.id)}</code>
              <span className="status" style={{ background: STATUS_COLORS[alert.status] }}>
                {t.status[alert.status]}
              </span>
              <time className="age" dateTime={alert.createdAt} title={new Date(alert.createdAt).toLocaleString()}>
                {t.age(formatSpan(now - Date.parse(alert.createdAt)))}
              </time>
            </div>
            <div className="row-detail">
              {t.kind[alert.kind]} · {alert.consulate.name} ({t.match[alert.jurisdictionMatch.method]})
              {alert.location.precise ? null : <> · {t.list.coarse}</>}
            </div>
            {alert.offer ? <div className="row-detail">{t.list.offeredTo(alert.offer.advisor.name)}</div> : null}
          </li>
        ))}
      </ol>
    );
  } else if (connection === 'connected') {
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
