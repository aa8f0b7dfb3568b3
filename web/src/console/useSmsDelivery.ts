import { useEffect } from 'react';
import { useQuery } from 'urql';
import { AlertSmsDeliveryQuery } from './documents';

/** How often the open panel reads the SMS line again. */
export const SMS_DELIVERY_POLL_MS = 5_000;

/**
 * The panel's "SMS a contactos: avisados n/m, k fallidos", kept live. Twilio's delivery reports change
 * it without any alert event, so the stream never says so: while the panel shows an open alert, this
 * small query (one alert, three numbers) is read again every few seconds. Null until something was texted.
 */
export function useSmsDelivery(alertId: string, open: boolean) {
  const [r, reexecute] = useQuery({ query: AlertSmsDeliveryQuery, variables: { id: alertId }, requestPolicy: 'network-only', pause: !open });
  useEffect(() => {
    if (!open) return;
    const timer = setInterval(() => reexecute({ requestPolicy: 'network-only' }), SMS_DELIVERY_POLL_MS);
    return () => clearInterval(timer);
  }, [open, reexecute]);
  return r.data?.alert?.smsDelivery ?? null;
}
