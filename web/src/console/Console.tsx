import { useMemo, useState, useSyncExternalStore } from 'react';
import { Provider } from 'urql';
import type { ApiClient, ConnectionStatus } from '../graphql/client';
import { useApiClient } from '../graphql/useApiClient';
import { useI18n, LanguageSwitch } from '../i18n/I18n';
import type { Session } from '../auth/session';
import { ConsoleMap } from '../map/ConsoleMap';
import { AlertList } from './AlertList';
import { AlertDetail } from './AlertDetail';
import { StatusStrip } from './StatusStrip';
import { alertQueue, countByStatus } from './fold';
import { alertFeatures } from './geojson';
import { useAlertStream } from './useAlertStream';
import { useAdvisorPins } from './useAdvisorPins';
import { advisorFeatures } from './advisors';
import { selectionGeoJson } from './selection';
import { useSelectedTrack } from './useSelectedTrack';
import { useCues } from './useCues';
import { CueBanner } from './CueBanner';
import { useDispatchStats } from './useDispatchStats';
import { useConsulateNames } from './useConsulateNames';
import { useIncidentConsole } from './incidents/useIncidentConsole';
import { IncidentRows } from './incidents/IncidentRows';
import { IncidentPanel } from './incidents/IncidentPanel';

interface Props {
  session: Session;
  onSignOut(): void;
}

/** Owns one API client per token. */
export function Console({ session, onSignOut }: Props) {
  const api = useApiClient(session.token);
  if (!api) return null;
  return (
    <Provider value={api.urql}>
      <ConsoleView api={api} session={session} onSignOut={onSignOut} />
    </Provider>
  );
}

function ConsoleView({ api, session, onSignOut }: Props & { api: ApiClient }) {
  const { t } = useI18n();
  const connection = useSyncExternalStore(api.onStatus, api.status);
  const { role, consulateId } = session.claims;
  const scope = role === 'OPERATOR' ? consulateId : null;
  const cues = useCues(scope);
  const consulateName = useConsulateNames();
  const stream = useAlertStream(cues.onEvent);
  const entries = useMemo(() => alertQueue(stream.state, scope), [stream.state, scope]);
  const counts = useMemo(() => countByStatus(entries), [entries]);
  const alerts = useMemo(() => alertFeatures(entries), [entries]);
  const advisorPins = useAdvisorPins(scope, connection);
  const advisors = useMemo(() => advisorFeatures(advisorPins), [advisorPins]);
  const stats = useDispatchStats(scope, counts.total);
  // The selected alert stays open after it closes (it leaves the queue, not the panel) until dismissed.
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = selectedId === null ? undefined : stream.state.alerts.get(selectedId);
  const track = useSelectedTrack(selected);
  const selection = useMemo(() => selectionGeoJson(selected?.alert, track, advisorPins), [selected, track, advisorPins]);
  const incidents = useIncidentConsole(scope, connection, entries);
  const incidentRows = <IncidentRows incidents={incidents.rows} selectedId={incidents.selectedId} onSelect={incidents.setSelectedId} />;

  return (
    <div className="console">
      <header className="console-header">
        <h1>{t.title}</h1>
        <span className="who" data-testid="who" data-consulate-id={consulateId ?? ''}>
          {t.who(t.roles[role] ?? role, consulateId ? consulateName(consulateId) : null)}
        </span>
        <ConnectionBadge status={connection} />
        <button type="button" className="sound-toggle" data-testid="sound-toggle" aria-pressed={cues.sound} onClick={() => cues.setSound(!cues.sound)}>
          {cues.sound ? t.cue.soundOn : t.cue.soundOff}
        </button>
        <LanguageSwitch />
        <button type="button" onClick={onSignOut}>
          {t.signOut}
        </button>
      </header>
      {connection === 'rejected' ? (
        <div className="banner" role="alert">
          {t.connection.rejected}{' '}
          <button type="button" onClick={onSignOut}>
            {t.signInAgain}
          </button>
        </div>
      ) : null}
      <CueBanner cue={cues.current} count={cues.count} onSelect={setSelectedId} />
      <StatusStrip counts={counts} stats={stats} />
      <div className="console-body">
        <AlertList entries={incidents.queue} stream={stream} connection={connection} selectedId={selectedId} onSelect={setSelectedId} top={{ node: incidentRows, groups: incidents.rows.length }} />
        <ConsoleMap alerts={alerts} advisors={advisors} selection={selection} ownConsulateId={consulateId} onSelectAlert={setSelectedId} incidents={incidents.hulls} onSelectIncident={incidents.setSelectedId} />
        {selected ? (
          <AlertDetail key={selected.alert.id} entry={selected} onClose={() => setSelectedId(null)} />
        ) : incidents.selected ? (
          <IncidentPanel key={incidents.selected.id} incident={incidents.selected} alerts={stream.state.alerts} advisors={advisorPins}
            onClose={() => incidents.setSelectedId(null)} onSelectAlert={setSelectedId} onChanged={incidents.apply} />
        ) : null}
      </div>
    </div>
  );
}

function ConnectionBadge({ status }: { status: ConnectionStatus }) {
  const { t } = useI18n();
  const live = status === 'connected';
  return (
    <span className={`connection ${live ? 'live' : 'down'}`} data-testid="connection" data-status={status} role="status">
      <span className="dot" aria-hidden="true" />
      {live ? t.connection.live : status === 'rejected' ? t.connection.rejected : t.connection.reconnecting}
    </span>
  );
}
