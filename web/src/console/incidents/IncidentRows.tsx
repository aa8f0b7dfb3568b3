import { memo } from 'react';
import { useI18n } from '../../i18n/I18n';
import { useNow } from '../AlertList';
import { formatSpan } from '../format';
import { SEVERITY_COLORS, type IncidentSnapshot } from './fold';
import './incidents.css';

interface Props {
  incidents: readonly IncidentSnapshot[];
  selectedId: string | null;
  onSelect(id: string): void;
}

/** The incidents at the top of the queue: one row each, standing for all of its alerts. */
export function IncidentRows({ incidents, selectedId, onSelect }: Props) {
  const { t } = useI18n();
  if (incidents.length === 0) return null;
  return (
    <ol className="alert-rows incident-rows" aria-label={t.incidents.heading} data-testid="incident-rows">
      {incidents.map((i) => (
        <IncidentRow key={i.id} incident={i} selected={i.id === selectedId} onSelect={onSelect} />
      ))}
    </ol>
  );
}

const IncidentRow = memo(function IncidentRow({ incident: i, selected, onSelect }: { incident: IncidentSnapshot; selected: boolean; onSelect(id: string): void }) {
  const { t } = useI18n();
  return (
    <li
      data-testid="incident-row"
      data-incident-id={i.id}
      data-status={i.status}
      data-severity={i.severity}
      data-open={i.openAlertCount}
      className={`incident-row${selected ? ' selected' : ''}`}
      style={{ boxShadow: `inset 6px 0 0 ${SEVERITY_COLORS[i.severity]}` }}
      tabIndex={0}
      aria-current={selected ? 'true' : undefined}
      title={t.incidents.open}
      onClick={() => onSelect(i.id)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onSelect(i.id);
        }
      }}
    >
      <div className="row-top">
        <span className="badge incident-badge" style={{ background: SEVERITY_COLORS[i.severity] }}>
          {t.incidents.heading}
        </span>
        <span className="status incident-status" data-testid="incident-status">{t.incidents.status[i.status]}</span>
        <IncidentAge startedAt={i.startedAt} />
      </div>
      <div className="row-detail">
        <strong data-testid="incident-open-count">{t.incidents.row(i.openAlertCount)}</strong> · {t.incidents.severity[i.severity]} · {i.consulate.name}
      </div>
    </li>
  );
});

/** How long the incident has run, ticking with the queue's shared clock. */
export function IncidentAge({ startedAt }: { startedAt: string }) {
  const { t } = useI18n();
  const now = useNow();
  return (
    <time className="age" dateTime={startedAt} title={new Date(startedAt).toLocaleString()}>
      {t.incidents.panel.since(formatSpan(now - Date.parse(startedAt)))}
    </time>
  );
}
