import { lazy, Suspense, useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import { useClient } from 'urql';
import { LanguageSwitch, useI18n } from '../i18n/I18n';
import type { ApiClient } from '../graphql/client';
import { errorCode } from '../graphql/errors';
import type { Availability, OfficerAdvisorFieldsFragment } from '../gql/graphql';
import { useNow } from '../field/useNow';
import { formatSpan } from '../console/format';
import { SetAvailabilityMutation } from './documents';
import { nearbyItems } from './fold';
import { useLocationSharing, type LocationSharing } from './useLocationSharing';
import { useNearby } from './useNearby';
import { NearbyList } from './NearbyList';
import { MyAlert } from './MyAlert';
import { useAnnouncer } from './useAnnouncer';
import { useOfficerStart } from './useOfficerStart';
import { Announcer } from './Announcer';

const OfficerMap = lazy(() => import('./OfficerMap'));

interface Props {
  api: ApiClient;
  advisorId: string;
  onSignOut(): void;
}

export function OfficerView({ api, advisorId, onSignOut }: Props) {
  const { t } = useI18n();
  const connection = useSyncExternalStore(api.onStatus, api.status);
  const [advisor, setAdvisor] = useState<OfficerAdvisorFieldsFragment | null>(null);
  const sharing = useLocationSharing(setAdvisor);
  const announcer = useAnnouncer();
  const nearby = useNearby(advisorId, announcer.announce);
  const now = useNow(1_000);
  const items = useMemo(() => nearbyItems(nearby.state, sharing.position, advisorId, now), [nearby.state, sharing.position, advisorId, now]);
  const mine = items.filter((i) => i.mine);
  const others = items.filter((i) => !i.mine);
  const start = useOfficerStart(nearby, mine.map((i) => i.alert.id).sort().join(','), setAdvisor);
  const [resolvedNotice, setResolvedNotice] = useState<string | null>(null);
  const onResolved = useCallback((code: string) => setResolvedNotice(t.officer.mine.resolved(code)), [t]);

  return (
    <div className="field-page officer">
      <header className="field-header">
        <h1>{t.officer.title}</h1>
        <span className={`connection ${connection === 'connected' ? 'live' : 'down'}`} data-testid="connection" data-status={connection} role="status">
          <span className="dot" aria-hidden="true" />
          {connection === 'connected' ? t.connection.live : connection === 'rejected' ? t.connection.rejected : t.connection.reconnecting}
        </span>
        <LanguageSwitch />
        <button type="button" onClick={onSignOut}>
          {t.signOut}
        </button>
      </header>
      {connection === 'rejected' ? (
        <p className="field-banner" role="alert">
          {t.officer.rejected}
        </p>
      ) : null}
      <main className="field-main">
        {advisor ? (
          <p className="who" data-testid="officer-who">
            {t.officer.who(advisor.name, advisor.consulate.name)}
          </p>
        ) : null}
        <Announcer announcer={announcer} />
        {mine.map((item) => (
          <MyAlert key={item.alert.id} item={item} onChange={nearby.dispatch} onResolved={onResolved} />
        ))}
        {resolvedNotice ? (
          <p className="field-ok" role="status" data-testid="resolved-notice">
            {resolvedNotice}
          </p>
        ) : null}
        <NearbyList items={others} advisorId={advisorId} nearby={nearby} connected={connection === 'connected' && start.loaded} />
        <Suspense fallback={<div className="field-map" />}>
          <OfficerMap me={sharing.position} items={items} onPick={sharing.mode === 'live' ? null : sharing.setPin} />
        </Suspense>
        <LocationPanel sharing={sharing} now={now} />
        <AvailabilityPanel advisor={advisor} onAdvisor={setAdvisor} />
      </main>
    </div>
  );
}

function LocationPanel({ sharing, now }: { sharing: LocationSharing; now: number }) {
  const { t } = useI18n();
  const l = t.officer.location;
  const text =
    sharing.mode === 'live' ? l.live(typeof sharing.position?.accuracyM === 'number' ? `${Math.round(sharing.position.accuracyM)} m` : '?')
    : sharing.mode === 'manual' ? l.manual
    : sharing.mode === 'denied' ? l.denied
    : sharing.mode === 'unavailable' ? l.unavailable
    : l.pending;
  return (
    <section className="field-card" aria-labelledby="loc-h">
      <h2 id="loc-h">{l.heading}</h2>
      <p data-testid="location-status" data-mode={sharing.mode}>
        {text}
      </p>
      <p className="muted" data-testid="location-sent">
        {sharing.lastSentAt ? l.sent(formatSpan(now - sharing.lastSentAt)) : l.notSent}
      </p>
      {sharing.error ? (
        <p className="field-error" role="alert">
          {l.error(sharing.error)}
        </p>
      ) : null}
    </section>
  );
}

const AVAILABILITIES: Availability[] = ['AVAILABLE', 'BUSY', 'OFF_DUTY'];

function AvailabilityPanel({ advisor, onAdvisor }: { advisor: OfficerAdvisorFieldsFragment | null; onAdvisor(a: OfficerAdvisorFieldsFragment): void }) {
  const { t } = useI18n();
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const a = t.officer.availability;
  const choose = async (availability: Availability) => {
    setBusy(true);
    setError(null);
    const r = await client.mutation(SetAvailabilityMutation, { availability }).toPromise();
    setBusy(false);
    if (r.data?.setAvailability) onAdvisor(r.data.setAvailability);
    else setError(r.error ? errorCode(r.error) : 'UNKNOWN');
  };
  return (
    <section className="field-card" aria-labelledby="avail-h">
      <h2 id="avail-h">{a.heading}</h2>
      <div className="segmented" role="group" aria-labelledby="avail-h" data-testid="availability" data-value={advisor?.availability ?? ''}>
        {AVAILABILITIES.map((v) => (
          <button key={v} type="button" aria-pressed={advisor?.availability === v} disabled={busy} onClick={() => void choose(v)} data-testid={`availability-${v}`}>
            {a.options[v]}
          </button>
        ))}
      </div>
      <p className="muted" data-testid="officer-load">{advisor ? a.load(advisor.activeAlerts, advisor.capacity) : a.unknown}</p>
      {error ? (
        <p className="field-error" role="alert">
          {error}: {t.officer.errors[error] ?? t.errors[error] ?? t.errors.UNKNOWN}
        </p>
      ) : null}
    </section>
  );
}
