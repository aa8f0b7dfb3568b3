import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { useI18n } from '../i18n/I18n';
import { errorCode } from '../graphql/errors';
import { SmsLinkCodeMutation, SmsLinkedQuery } from './documents';
import { smsHref } from './offline/sms';
import './offline/offline.css';

/**
 * "Vincular mi teléfono para SMS": a one-time code and the exact text to send from the phone to link
 * (`VINCULAR <code>` to SMS_NUMBER, with an `sms:` link that fills it in). The number is never typed
 * here: the message itself proves the person holds it (docs/SMS.md, "Who is texting").
 */
export function SmsLink() {
  const { t, lang } = useI18n();
  const m = t.person.smsLink;
  const [{ data }, refetch] = useQuery({ query: SmsLinkedQuery });
  const [link, getCode] = useMutation(SmsLinkCodeMutation);
  const [checked, setChecked] = useState(false);
  const linked = data?.me?.smsLinked === true;
  const code = link.data?.smsLinkCode ?? null;
  const text = code ? `VINCULAR ${code.code}` : '';
  const href = code ? smsHref(code.number ?? null, text) : null;
  const error = link.error ? errorCode(link.error) : null;

  return (
    <details className="field-card my-data sms-link" data-testid="sms-link" data-linked={linked}>
      <summary>{m.heading}</summary>
      <p>{m.intro}</p>
      {linked ? (
        <p className="field-ok" data-testid="sms-link-linked">
          {m.linked}
        </p>
      ) : null}
      <button type="button" onClick={() => (setChecked(false), void getCode({}))} disabled={link.fetching}>
        {m.getCode}
      </button>
      {code ? (
        <div data-testid="sms-link-code" data-code={code.code}>
          <p className="sms-link-text" data-testid="sms-link-text">
            {m.send(text, code.number ?? null)}
          </p>
          {href ? (
            <a className="sms-button" href={href} data-testid="sms-link-send">
              {m.open}
            </a>
          ) : null}
          <p>{m.expires(new Date(code.expiresAt).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' }))}</p>
          <button type="button" onClick={() => (setChecked(true), refetch({ requestPolicy: 'network-only' }))}>
            {m.check}
          </button>
          {checked && !linked ? <p data-testid="sms-link-not-yet">{m.notYet}</p> : null}
        </div>
      ) : null}
      {error ? (
        <p className="field-error" role="alert">
          {t.person.errors[error] ?? t.errors[error] ?? t.errors.UNKNOWN} ({error})
        </p>
      ) : null}
    </details>
  );
}
