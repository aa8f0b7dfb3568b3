import { useEffect, useRef, useState } from 'react';
import { useClient } from 'urql';
import { useI18n } from '../i18n/I18n';
import { errorCode } from '../graphql/errors';
import { retryUntilAnswered } from '../field/retry';
import { RaiseAlertMutation } from './documents';
import type { PendingRaise } from './store';

interface Props {
  pending: PendingRaise;
  onRaised(alertId: string): void;
  onFailed(code: string): void;
}

/**
 * Sends `raiseAlert` until the server acknowledges it. Every try sends the very same input with the
 * same idempotencyKey (made once per press, kept in localStorage), so however many tries it takes, and
 * even across a reload, the server creates one alert.
 */
export function Sending({ pending, onRaised, onFailed }: Props) {
  const { t } = useI18n();
  const client = useClient();
  const [attempt, setAttempt] = useState(0);
  const callbacks = useRef({ onRaised, onFailed });
  useEffect(() => {
    callbacks.current = { onRaised, onFailed };
  }, [onRaised, onFailed]);

  useEffect(() => {
    const ctrl = new AbortController();
    const input = { location: pending.location, idempotencyKey: pending.idempotencyKey, ...(pending.note ? { note: pending.note } : {}) };
    void retryUntilAnswered(
      async () => {
        const r = await client.mutation(RaiseAlertMutation, { input }, { requestPolicy: 'network-only' }).toPromise();
        return r.data?.raiseAlert ? { ok: true as const, value: r.data.raiseAlert.id } : { ok: false as const, code: r.error ? errorCode(r.error) : 'UNKNOWN' };
      },
      { signal: ctrl.signal, onRetry: setAttempt },
    ).then((r) => {
      if (r.ok) callbacks.current.onRaised(r.value);
      else if (r.code !== 'ABORTED') callbacks.current.onFailed(r.code);
    });
    return () => ctrl.abort();
  }, [client, pending.idempotencyKey, pending.location, pending.note]);

  return (
    <section className="field-card sending" aria-live="polite" data-testid="sending">
      <h2>{t.person.sending.heading}</h2>
      <div className="spinner" aria-hidden="true" />
      {attempt > 0 ? <p data-testid="sending-retry">{t.person.sending.retrying(attempt + 1)}</p> : null}
    </section>
  );
}
