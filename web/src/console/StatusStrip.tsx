import { useI18n } from '../i18n/I18n';
import { OPEN_STATUSES, type StatusCounts } from './fold';
import { STATUS_COLORS } from './status';

/** The header strip: how many open alerts are in each status, and how many are under duress. */
export function StatusStrip({ counts }: { counts: StatusCounts }) {
  const { t } = useI18n();
  return (
    <ul className="status-strip" data-testid="status-counts" aria-label={t.counts.label}>
      <li className="count-total" data-status="OPEN">
        {t.counts.open} <strong>{counts.total}</strong>
      </li>
      {counts.duress > 0 ? (
        <li className="count-duress" data-status="DURESS">
          {t.counts.duress} <strong>{counts.duress}</strong>
        </li>
      ) : null}
      {OPEN_STATUSES.map((s) => (
        <li key={s} data-status={s} className={counts.byStatus[s] > 0 ? '' : 'zero'}>
          <span className="dot" style={{ background: STATUS_COLORS[s] }} aria-hidden="true" />
          {t.status[s]} <strong>{counts.byStatus[s]}</strong>
        </li>
      ))}
    </ul>
  );
}
