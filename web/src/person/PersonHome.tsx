import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { useI18n } from '../i18n/I18n';
import type { ApiClient } from '../graphql/client';
import { useGeolocation } from '../field/useGeolocation';
import { newIdempotencyKey } from '../field/retry';
import type { ChosenCity, OpenAlert, PendingRaise, PersonRecord, PersonStore } from './store';
import { AlertButton } from './AlertButton';
import { QueuedSending } from './offline/QueuedSending';
import { useQueuedRaise } from './offline/useQueuedRaise';
import { useSmsNumber } from './offline/useSmsNumber';
import { AlertStatus } from './AlertStatus';
import { MyData } from './MyData';
import { SmsLink } from './SmsLink';
import { NoGps, approximatePlace, type ApproximatePlace } from './NoGps';

interface Props {
  api: ApiClient;
  person: PersonRecord;
  store: PersonStore;
  onForget(why: string | null): void;
}

/** How long a press waits for a first position before saying it cannot send. */
const WAIT_FOR_FIX_MS = 20_000;

/** The button, the raise in flight, or the open alert: whichever the phone was on, also after a reload. */
export function PersonHome({ api, person, store, onForget }: Props) {
  const { t } = useI18n();
  const connection = useSyncExternalStore(api.onStatus, api.status);
  const geo = useGeolocation();
  const [open, setOpen] = useState<OpenAlert | null>(() => store.openAlert());
  const { loaded, raise: queuedRaise, queue, clear: unqueue } = useQueuedRaise(store, person.token);
  const smsNumber = useSmsNumber();
  const [armed, setArmed] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [city, setCityState] = useState<ChosenCity | null>(() => store.city());
  const setCity = useCallback(
    (c: ChosenCity | null) => {
      store.setCity(c);
      setCityState(c);
    },
    [store],
  );

  useEffect(() => {
    if (connection === 'rejected') onForget(t.person.tokenRejected);
  }, [connection, onForget, t]);

  // Without a fix the alert still goes out, to the city the person named once (see NoGps).
  const sendApproximate = useCallback(
    (place: ApproximatePlace) => {
      const p: PendingRaise = { idempotencyKey: newIdempotencyKey(), location: place.location, at: Date.now(), note: place.note };
      queue(p);
      setArmed(false);
      setMessage(null);
    },
    [queue],
  );
  // A press: send with the first fix; without one (no permission, no GPS, or none in time), to the
  // remembered city at once; with neither, say what is missing.
  useEffect(() => {
    if (!armed) return;
    if (geo.fix) {
      const p: PendingRaise = { idempotencyKey: newIdempotencyKey(), location: { lat: geo.fix.lat, lon: geo.fix.lon, accuracyM: geo.fix.accuracyM }, at: Date.now() };
      queue(p);
      setArmed(false);
      return;
    }
    const noFixNow = () => {
      if (city) return sendApproximate(approximatePlace(city, t.person.noGps.note));
      setArmed(false);
      setMessage(t.person.location.missing);
    };
    if (geo.status === 'denied' || (geo.status === 'unavailable' && city)) return noFixNow();
    const id = setTimeout(noFixNow, WAIT_FOR_FIX_MS);
    return () => clearTimeout(id);
  }, [armed, geo.fix, geo.status, queue, t, city, sendApproximate]);

  const noFix = !geo.fix && (geo.status === 'denied' || geo.status === 'unavailable' || message === t.person.location.missing);

  const fire = useCallback(() => {
    setMessage(null);
    setArmed(true);
  }, []);
  const raised = useCallback(
    (id: string) => {
      const a = { id, cursor: null };
      store.setOpenAlert(a);
      unqueue();
      setOpen(a);
    },
    [store, unqueue],
  );
  const failed = useCallback(
    (code: string) => {
      unqueue();
      if (code === 'UNAUTHENTICATED') return onForget(t.person.tokenRejected);
      setMessage(t.person.sending.failed(code) + ' ' + (t.person.errors[code] ?? t.errors[code] ?? ''));
    },
    [unqueue, onForget, t],
  );
  const closed = useCallback(() => store.setOpenAlert(null), [store]);
  const done = useCallback(() => setOpen(null), []);

  if (open) return <AlertStatus alertId={open.id} initialCursor={open.cursor} store={store} fix={geo.fix} onClosed={closed} onDone={done} />;
  if (!loaded) return null;
  if (queuedRaise) return <QueuedSending raise={queuedRaise} where={queuedRaise.note && city ? city.label : null} smsNumber={smsNumber} onRaised={raised} onFailed={failed} />;
  const locationText =
    geo.fix ? t.person.location.ok
    : geo.status === 'denied' ? t.person.location.denied
    : geo.status === 'unavailable' ? t.person.location.unavailable
    : t.person.location.pending;
  return (
    <>
      <AlertButton onFire={fire} waiting={armed} />
      <p className={geo.fix ? 'location-line ok' : 'location-line'} data-testid="person-location" data-status={geo.status}>
        {locationText}
      </p>
      {message ? (
        <p className="field-error" role="alert" data-testid="person-message">
          {message}
        </p>
      ) : null}
      {noFix || city ? <NoGps chosen={city} onChoose={setCity} /> : null}
      <MyData language={person.language} onForget={onForget} />
      <SmsLink />
    </>
  );
}
