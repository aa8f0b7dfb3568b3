import { useI18n } from '../../i18n/I18n';
import { Age, useNow } from '../AlertList';
import type { AdvisorState } from '../advisors';
import type { AlertEntry } from '../fold';
import { formatSpan } from '../format';
import { STATUS_COLORS } from '../status';
import { useEscapeToClose } from '../useEscapeToClose';
import { IncidentActions } from './IncidentActions';
import { IncidentAge } from './IncidentRows';
import { SEVERITY_COLORS, type IncidentSnapshot } from './fold';
import './incidents.css';

interface Props {
  incident: IncidentSnapshot;
  /** The console's open alerts (the alert stream): each of the incident's alerts is drawn from here. */
  alerts: ReadonlyMap<string, AlertEntry>;
  advisors: AdvisorState;
  onClose(): void;
  onSelectAlert(id: string): void;
  /** A command's answer, folded into the console's incidents at once. */
  onChanged(incident: IncidentSnapshot): void;
}

/** Kilometres between two points (haversine): the team member's distance from the incident's centre. */
function km(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const r = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * r) / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(((b.lon - a.lon) * r) / 2) ** 2;
  return 12_742 * Math.asin(Math.sqrt(h));
}

/** An opened incident: its alerts with their SLA clocks, its team's positions, and the bulk commands. */
export function IncidentPanel({ incident: i, alerts, advisors, onClose, onSelectAlert, onChanged }: Props) {
  const { t } = useI18n();
  const now = useNow();
  useEscapeToClose(onClose);
  return (
    <aside className="alert-detail incident-panel" data-testid="incident-panel" data-incident-id={i.id} data-status={i.status} aria-labelledby="incident-heading">
      <header className="detail-header">
        <h2 id="incident-heading">
          <span className="legend-dot" style={{ background: SEVERITY_COLORS[i.severity] }} aria-hidden="true" />
          {t.incidents.panel.title(i.alertCount)}
        </h2>
        <button type="button" onClick={onClose} data-testid="incident-close">
          {t.incidents.panel.close}
        </button>
      </header>
      <p className="incident-facts" data-testid="incident-panel-status" data-status={i.status}>
        <strong>{t.incidents.status[i.status]}</strong> · {t.incidents.severity[i.severity]} · <IncidentAge startedAt={i.startedAt} />
      </p>
      <p className="incident-facts">
        <strong data-testid="incident-panel-open">{t.incidents.row(i.openAlertCount)}</strong> · {t.incidents.panel.owner(i.consulate.name)}
      </p>
      <IncidentActions incident={i} onChanged={onChanged} />
      <section aria-labelledby="incident-alerts-heading">
        <h3 id="incident-alerts-heading">{t.incidents.panel.alerts}</h3>
        <ul data-testid="incident-alerts">
          {i.alerts.map(({ id }) => {
            const e = alerts.get(id);
            return (
              <li key={id} data-testid="incident-alert" data-alert-id={id} data-status={e?.alert.status ?? 'CLOSED'}>
                {e ? (
                  <>
                    <button type="button" className="link" onClick={() => onSelectAlert(id)}>
                      <code className="short-code">{e.alert.shortCode}</code>
                    </button>
                    <span className="status" style={{ background: STATUS_COLORS[e.alert.status] }}>{t.status[e.alert.status]}</span>
                    <span>{t.kind[e.alert.kind]}</span>
                    <Age alert={e.alert} />
                  </>
                ) : (
                  <>
                    <code className="short-code">{id.slice(0, 8).toUpperCase()}</code> <span>{t.incidents.panel.alertMissing}</span>
                  </>
                )}
              </li>
            );
          })}
        </ul>
      </section>
      <section aria-labelledby="incident-team-heading">
        <h3 id="incident-team-heading">{t.incidents.panel.team}</h3>
        {i.lead ? <p>{t.incidents.panel.lead(i.lead.name)}</p> : null}
        {i.team.length === 0 ? <p data-testid="incident-no-team">{t.incidents.panel.noTeam}</p> : null}
        <ul data-testid="incident-team">
          {i.team.map((m) => {
            const pin = advisors.get(m.id);
            return (
              <li key={m.id} data-testid="incident-team-member" data-advisor-id={m.id}>
                <strong>{m.name}</strong>
                {pin ? (
                  <span>
                    {t.availability[pin.availability]} · {t.incidents.panel.position(km(pin, i.center).toFixed(1), pin.locationAt ? formatSpan(now - Date.parse(pin.locationAt)) : '—')}
                  </span>
                ) : (
                  <span>{t.incidents.panel.noPosition}</span>
                )}
              </li>
            );
          })}
        </ul>
      </section>
    </aside>
  );
}
