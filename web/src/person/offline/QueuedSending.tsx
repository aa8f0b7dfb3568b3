import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/I18n';
import { deliver } from './delivery';
import type { QueuedRaise } from './queue';
import { smsHref, smsText } from './sms';
import './offline.css';

interface Props {
  raise: QueuedRaise;
  /** The place the alert names when it has no GPS fix ("Los Angeles, CA"), for the SMS text. */
  where: string | null;
  /** SMS_NUMBER (useSmsNumber, read when the page opened: by the time of an offline press it is too late). */
  smsNumber: string | null;
  onRaised(alertId: string): void;
  onFailed(code: string): void;
}

/**
 * A press on its way: sent at once when there is a network; without one, saved on the phone (IndexedDB)
 * and said so plainly, with the SMS button, and sent when the network is back (docs/MOBILE.md, Offline).
 */
export function QueuedSending({ raise, where, smsNumber, onRaised, onFailed }: Props) {
  const { t } = useI18n();
  const s = t.person.sending;
  const sms = smsHref(smsNumber, smsText(where));
  const [attempt, setAttempt] = useState(0);
  const [online, setOnline] = useState(() => navigator.onLine);
  const callbacks = useRef({ onRaised, onFailed });
  useEffect(() => {
    callbacks.current = { onRaised, onFailed };
  }, [onRaised, onFailed]);

  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);

  useEffect(() => {
    const ctrl = new AbortController();
    void deliver(raise, { onWaiting: setAttempt, onRaised: (id) => callbacks.current.onRaised(id), onRefused: (code) => callbacks.current.onFailed(code) }, ctrl.signal);
    return () => ctrl.abort();
    // One delivery per press: the key names it, the rest of the entry never changes.
  }, [raise.idempotencyKey]);

  const saved = !online || attempt > 0;
  return (
    <section className="field-card sending" aria-live="polite" data-testid="sending" data-saved={saved}>
      <h2>{saved ? s.saved : s.heading}</h2>
      {saved ? <p data-testid="sending-saved">{s.savedHelp}</p> : <div className="spinner" aria-hidden="true" />}
      {attempt > 0 && online ? <p data-testid="sending-retry">{s.retrying(attempt + 1)}</p> : null}
      {saved && sms ? (
        <>
          <a className="sms-button" href={sms} data-testid="sms-button">
            {s.sms}
          </a>
          <p className="help">{s.smsHelp}</p>
        </>
      ) : null}
    </section>
  );
}
