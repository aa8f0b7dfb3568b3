import { useI18n } from '../i18n/I18n';
import { OPEN_STATUSES, type StatusCounts } from './fold';
import { STATUS_COLORS } from './status';
import { formatClock } from './format';
import type { ClockMedian } from './useDispatchStats';

/**
 * The header strip: how many open alerts are in each status, how many are under duress, and the
 * dispatch engine's SLA medians over the last 24 hours.
 */
export function StatusStrip({ counts, stats }: { counts: StatusCounts; stats: ClockMedian[] | null }) {
  const { t } = useI18n();
  return (
    <div className="strip">
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
    <ul className="sla-strip" data-testid="sla-medians" aria-label={t.sla.label} title={t.sla.label}>
      {(stats ?? []).filter((c) => c.clock !== 'toResolve').map((c) => (
        <li key={c.clock} data-clock={c.clock} data-median={c.medianS ?? ''}>
          {t.sla.clocks[c.clock] ?? c.clock} <strong>{c.medianS === null ? t.sla.none : formatClock(c.medianS)}</strong>
        </li>
      ))}
    </ul>
    </div>
  );
}
