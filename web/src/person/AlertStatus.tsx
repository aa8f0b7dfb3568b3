import { useEffect, useState, type FormEvent } from 'react';
import { useClient } from 'urql';
import { useI18n } from '../i18n/I18n';
import { errorCode } from '../graphql/errors';
import { retryUntilAnswered } from '../field/retry';
import type { Fix } from '../field/geo';
import { CancelAlertMutation } from './documents';
import { isClosedStatus } from './steps';
import type { PersonStore } from './store';
import { useAlertUpdates } from './useAlertUpdates';
import { useAlertLocation } from './useAlertLocation';

interface Props {
  alertId: string;
  initialCursor: string | null;
  store: PersonStore;
  fix: Fix | null;
  /** The alert closed: forget it on the phone (the screen stays until onDone). */
  onClosed(): void;
  onDone(): void;
}

/** How long the stream is kept after the person's cancel was answered, for the closing step to arrive. */
export const CLOSING_STEP_WAIT_MS = 10_000;

/**
 * The open alert: the server's own words for each step, location sharing, and cancel with a PIN.
 * Either PIN gives this screen the same answer (CANCELLED); only the consulate learns it was the
 * duress PIN. Nothing here may differ between the two.
 */
export function AlertStatus({ alertId, initialCursor, store, fix, onClosed, onDone }: Props) {
  const { t, lang } = useI18n();
  const s = t.person.status;
  const client = useClient();
  const [cancelled, setCancelled] = useState(false);
  const [pin, setPin] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [closedByStream, setClosedByStream] = useState(false);
  const [closingStepWaitOver, setClosingStepWaitOver] = useState(false);
  // After the person's own cancel the stream stays open until it brings the closing step (or the wait is
  // over): stopped at the mutation's answer, the step was lost whenever the answer beat the event.
  useEffect(() => {
    if (!cancelled) return;
    const timer = setTimeout(() => setClosingStepWaitOver(true), CLOSING_STEP_WAIT_MS);
    return () => clearTimeout(timer);
  }, [cancelled]);
  const updates = useAlertUpdates(alertId, initialCursor, lang, store, closedByStream || closingStepWaitOver);
  const status = cancelled ? 'CANCELLED' : updates.state.status;
  const closed = cancelled || isClosedStatus(status) || updates.gone;
  useAlertLocation(alertId, closed ? null : fix);

  useEffect(() => {
    if (isClosedStatus(updates.state.status)) setClosedByStream(true);
  }, [updates.state.status]);
  useEffect(() => {
    if (closed) onClosed();
  }, [closed, onClosed]);

  const cancel = async (e: FormEvent) => {
    e.preventDefault();
    setSending(true);
    setError(null);
    // Safe to repeat: after a lost answer the retry answers the same CANCELLED (docs/MOBILE.md, Retry rules);
    // closed by the consulate meanwhile, it is INVALID_TRANSITION from RESOLVED (from CANCELLED: an older server).
    const r = await retryUntilAnswered(
      async () => {
        const res = await client.mutation(CancelAlertMutation, { id: alertId, pin }).toPromise();
        if (res.data?.cancelAlert) return { ok: true as const, value: res.data.cancelAlert.status };
        const code = res.error ? errorCode(res.error) : 'UNKNOWN';
        const from = res.error?.graphQLErrors[0]?.extensions?.from;
        if (code === 'INVALID_TRANSITION' && (from === 'CANCELLED' || from === 'RESOLVED')) return { ok: true as const, value: from };
        return { ok: false as const, code };
      },
      { maxAttempts: 4 },
    );
    setSending(false);
    setPin('');
    if (r.ok) setCancelled(true);
    else setError(r.code);
  };

  const heading = closed ? (status === 'RESOLVED' ? s.RESOLVED : s.CANCELLED) : s.open;
  return (
    <section className={`field-card alert-status${closed ? ' closed' : ' open'}`} aria-labelledby="status-h" data-testid="alert-status" data-alert-id={alertId}>
      <h2 id="status-h" className="status-heading" data-testid="person-status" data-closed={closed}>
        {heading}
      </h2>
      <h3>{s.steps}</h3>
      {updates.state.steps.length === 0 ? <p className="muted">{s.waiting}</p> : null}
      <ol className="steps" data-testid="steps">
        {updates.state.steps.map((step) => (
          <li key={step.cursor} data-testid="step" data-type={step.type}>
            <span className="step-text">{step.summary}</span>{' '}
            <time dateTime={step.at}>{new Date(step.at).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' })}</time>
          </li>
        ))}
      </ol>
      {updates.error && !closed ? <p className="muted">{s.offline}</p> : null}
      {closed ? (
        <button type="button" className="primary big" data-testid="back-button" onClick={onDone}>
          {s.back}
        </button>
      ) : (
        <>
          {fix ? <p className="location-line ok">{s.sharing}</p> : null}
          <form className="cancel-form" onSubmit={(e) => void cancel(e)} aria-labelledby="cancel-h">
            <h3 id="cancel-h">{t.person.cancel.heading}</h3>
            <label htmlFor="cancel-pin">{t.person.cancel.pin}</label>
            <input
              id="cancel-pin"
              data-testid="cancel-pin"
              type="password"
              inputMode="numeric"
              autoComplete="off"
              maxLength={8}
              required
              value={pin}
              onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
            />
            {error ? (
              <p className="field-error" role="alert" data-testid="cancel-error" data-code={error}>
                {t.person.errors[error] ?? t.errors[error] ?? t.errors.UNKNOWN}
              </p>
            ) : null}
            <button type="submit" className="big" data-testid="cancel-button" disabled={sending || pin.length < 4}>
              {t.person.cancel.submit}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
