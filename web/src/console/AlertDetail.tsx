import { useQuery } from 'urql';
import { useI18n } from '../i18n/I18n';
import type { Disposition } from '../gql/graphql';
import { AlertDetailQuery } from './documents';
import { isOpen, type AlertEntry } from './fold';
import { STATUS_COLORS } from './status';
import { AlertActions } from './AlertActions';
import { alertVersion, useRefetchOn } from './refetch';
import { systemNoteText } from './systemNotes';
import { useEscapeToClose } from './useEscapeToClose';
import { languageName } from '../field/languages';
import { useConsulateNames } from './useConsulateNames';
import { useSmsDelivery } from './useSmsDelivery';

interface Props {
  entry: AlertEntry;
  onClose(): void;
}

/** The selected alert: what the operator needs to act on it, its timeline, and the actions. */
export function AlertDetail({ entry, onClose }: Props) {
  const { t, lang } = useI18n();
  const { alert } = entry;
  const consulateName = useConsulateNames();
  const [detail, reexecute] = useQuery({ query: AlertDetailQuery, variables: { id: alert.id }, requestPolicy: 'network-only' });
  useRefetchOn(alertVersion(entry), () => reexecute({ requestPolicy: 'network-only' }));
  const time = (iso: string) => new Date(iso).toLocaleTimeString(lang === 'es' ? 'es-MX' : 'en-US');
  const info = detail.data?.alert;
  const events = info?.events ?? [];
  const sms = useSmsDelivery(alert.id, isOpen(alert.status)) ?? info?.smsDelivery ?? null;
  const noteText = (note: string) => (Object.hasOwn(t.disposition, note) ? t.disposition[note as Disposition] : (systemNoteText(note, t, consulateName) ?? note));
  useEscapeToClose(() => {
    onClose();
    // Back to the alert's row, so a keyboard user goes on from where they opened it.
    document.querySelector<HTMLElement>(`[data-testid=alert-row][data-alert-id="${alert.id}"]`)?.focus();
  });

  return (
    <aside className="alert-detail" data-testid="alert-detail" data-alert-id={alert.id} aria-labelledby="detail-heading">
      <header className="detail-header">
        <h2 id="detail-heading">
          {t.detail.title} <code className="short-code" data-testid="detail-short-code">{alert.shortCode}</code>
        </h2>
        <button type="button" data-testid="detail-close" onClick={onClose} aria-label={t.detail.close}>
          ×
        </button>
      </header>
      {alert.duress ? (
        <p className="detail-notice notice-duress" role="alert">
          <span className="badge badge-duress">{t.badges.duress}</span>{' '}
          {info?.flags.includes('DURESS_DURING_LOCKOUT') ? t.detail.silentDuressNotice : t.detail.duressNotice}
        </p>
      ) : null}
      {!isOpen(alert.status) ? <p className="detail-notice">{t.detail.closedNotice}</p> : null}
      <dl className="detail-facts">
        <dt>{t.detail.status}</dt>
        <dd>
          <span className="status" data-testid="detail-status" data-status={alert.status} style={{ background: STATUS_COLORS[alert.status] }}>
            {t.status[alert.status]}
          </span>
        </dd>
        <dt>{t.detail.kind}</dt>
        <dd>{t.kind[alert.kind]}</dd>
        <dt>{t.detail.received}</dt>
        <dd>
          <time dateTime={alert.createdAt}>{time(alert.createdAt)}</time>
        </dd>
        <dt>{t.detail.routing}</dt>
        <dd data-testid="detail-routing">
          {t.detail.routingValue(t.match[alert.jurisdictionMatch.method], alert.jurisdictionMatch.distanceKm.toFixed(1))} · {alert.consulate.name}
        </dd>
        <dt>{t.detail.offer}</dt>
        <dd data-testid="detail-offer">
          {alert.offer ? t.detail.offerValue(alert.offer.advisor.name, time(alert.offer.expiresAt)) : t.detail.noOffer}
          <small> ({t.detail.offerCount(alert.offerCount)})</small>
        </dd>
        <dt>{t.detail.assigned}</dt>
        <dd data-testid="detail-assigned">{alert.assignedAdvisor?.name ?? t.detail.unassigned}</dd>
        {info?.location.accuracyM != null && info.location.accuracyM >= 1000 ? (
          <>
            <dt>{t.detail.accuracy}</dt>
            <dd data-testid="detail-accuracy" className="warn">{t.detail.accuracyValue(Math.round(info.location.accuracyM / 1000))}</dd>
          </>
        ) : null}
        {info?.personNote ? (
          <>
            <dt>{t.detail.personNote}</dt>
            {/* The person's own words: rendered as text, never as HTML. */}
            <dd className="user-text" data-testid="detail-person-note">{info.personNote}</dd>
          </>
        ) : null}
        {info?.personLanguage ? (
          <>
            <dt>{t.detail.language}</dt>
            <dd data-testid="detail-language">{languageName(info.personLanguage)}</dd>
          </>
        ) : null}
        {info?.disposition ? (
          <>
            <dt>{t.detail.disposition}</dt>
            <dd data-testid="detail-disposition">{t.disposition[info.disposition]}</dd>
          </>
        ) : null}
        {sms ? (
          <>
            <dt>{t.detail.smsContacts}</dt>
            <dd data-testid="detail-sms" className={sms.failures > 0 ? 'warn' : undefined}>
              {t.detail.smsContactsValue(sms.contactsNotified, sms.contactsTotal, sms.failures)}
            </dd>
          </>
        ) : null}
        {info?.resolutionNote ? (
          <>
            <dt>{t.detail.resolutionNote}</dt>
            <dd className="user-text">{info.resolutionNote}</dd>
          </>
        ) : null}
      </dl>

      {isOpen(alert.status) ? <AlertActions alert={alert} version={alertVersion(entry)} /> : null}

      <section className="timeline" aria-labelledby="timeline-heading">
        <h3 id="timeline-heading">{t.detail.timeline}</h3>
        {(detail.error && !info) || detail.data?.alert === null ? (
          <p className="form-error" role="alert">{t.detail.timelineError}</p>
        ) : !info ? (
          <p className="muted" aria-busy="true">{t.detail.timelineLoading}</p>
        ) : events.length === 0 ? (
          <p className="muted">{t.detail.timelineEmpty}</p>
        ) : (
          <ol data-testid="timeline">
            {events.map((e) => (
              <li key={e.cursor} data-event-type={e.type}>
                <time dateTime={e.at}>{time(e.at)}</time> <strong>{t.eventType[e.type] ?? e.type}</strong>{' '}
                <span className="muted">{t.detail.by(t.actor[e.actorRole] ?? e.actorRole)}</span>
                {/* Notes are free text from people: rendered as text (React escapes it), never as HTML. */}
                {e.note ? <div className="user-text">{noteText(e.note)}</div> : null}
              </li>
            ))}
          </ol>
        )}
      </section>
    </aside>
  );
}
