import { useEffect, useState } from 'react';
import { browserStorage, readJson, writeJson } from '../../field/storage';

const KEY = 'alerta.person.smsNumber';
const isNumber = (v: unknown): v is string => typeof v === 'string' && v !== '';

/**
 * SMS_NUMBER from /app-config.json, remembered on the phone: the SMS button matters most when the page
 * was opened without a network (the service worker serves the page, never the server's settings). Only an
 * answer from the server changes what is remembered; a failed fetch keeps it.
 */
export function useSmsNumber(): string | null {
  const [number, setNumber] = useState(() => readJson(browserStorage(), KEY, isNumber));
  useEffect(() => {
    let live = true;
    fetch('/app-config.json', { cache: 'no-store' })
      .then((r) => (r.ok ? (r.json() as Promise<{ smsNumber?: unknown }>) : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((c) => {
        const n = isNumber(c.smsNumber) ? c.smsNumber : null;
        writeJson(browserStorage(), KEY, n);
        if (live) setNumber(n);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return number;
}
