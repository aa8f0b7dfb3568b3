import { useState, type Dispatch } from 'react';
import { useClient } from 'urql';
import { useI18n } from '../i18n/I18n';
import type { Disposition } from '../gql/graphql';
import { formatSpan } from '../console/format';
import { geoUri } from '../field/geo';
import { progress, resolve } from './actions';
import type { NearbyAction, NearbyItem } from './fold';
import { useAction } from './useAction';
import { ErrorLine } from './ErrorLine';
import { roughKm } from './accuracy';

const DISPOSITIONS: Disposition[] = [
  'LEGAL_REPRESENTATION_PROVIDED',
  'RELEASED_ON_SITE',
  'DETAINED_BY_ICE',
  'DETAINED_BY_LOCAL_POLICE',
  'TRANSFERRED',
  'NOT_ENFORCEMENT',
  'REFERRED_TO_CONSULATE',
  'LOST_CONTACT',
  'FALSE_ALARM',
  'DUPLICATE',
  'OTHER',
];

interface Props {
  item: NearbyItem;
  onChange: Dispatch<NearbyAction>;
  onResolved(code: string): void;
}

/** The alert assigned to me: navigation, en route / on scene, and closing it with a disposition. */
export function MyAlert({ item, onChange, onResolved }: Props) {
  const { t } = useI18n();
  const m = t.officer.mine;
  const client = useClient();
  const action = useAction();
  const [disposition, setDisposition] = useState<Disposition | ''>('');
  const [note, setNote] = useState('');
  const { alert } = item;
  const rough = roughKm(alert.location);
  const snapshot = (a: typeof alert) => onChange({ type: 'snapshot', alert: a });
  const busy = action.pending !== null;

  return (
    <section className={`field-card my-alert${alert.duress ? ' duress' : ''}`} aria-labelledby={`mine-${alert.id}`} data-testid="my-alert" data-alert-id={alert.id} data-status={alert.status}>
      <h2 id={`mine-${alert.id}`}>
        {m.heading(alert.shortCode)} <span className="chip" data-testid="my-alert-status">{t.status[alert.status]}</span>
        {alert.duress ? <span className="badge badge-duress">{t.badges.duress}</span> : null}
      </h2>
      <p className="row-line">
        {t.kind[alert.kind]} · {t.age(formatSpan(item.ageMs))}
        {alert.location.precise ? null : ` · ${m.coarse}`}
      </p>
      {rough !== null ? (
        <p className="field-error" data-testid="my-alert-accuracy">
          {t.officer.nearby.accuracy(rough)} · {m.roughHelp}
        </p>
      ) : null}
      {alert.duress ? (
        <p className="field-error" role="alert" data-testid="duress-notice">
          {t.detail.duressNotice}
        </p>
      ) : null}
      <a className="big-link" href={geoUri(alert.location)} data-testid="navigate-link">
        {m.navigate}
      </a>
      <div className="row-actions">
        <button type="button" className="primary" data-testid="en-route-button" disabled={busy || alert.status !== 'ACKNOWLEDGED'} onClick={() => void action.run('enRoute', () => progress(client, alert.id, 'EN_ROUTE'), snapshot)}>
          {action.pending === 'enRoute' ? t.officer.sending : m.enRoute}
        </button>
        <button
          type="button"
          className="primary"
          data-testid="on-scene-button"
          disabled={busy || !(alert.status === 'ACKNOWLEDGED' || alert.status === 'EN_ROUTE')}
          onClick={() => void action.run('onScene', () => progress(client, alert.id, 'ON_SCENE'), snapshot)}
        >
          {action.pending === 'onScene' ? t.officer.sending : m.onScene}
        </button>
      </div>
      <form
        className="resolve"
        onSubmit={(e) => {
          e.preventDefault();
          if (!disposition) return;
          void action.run('resolve', () => resolve(client, alert.id, disposition, note), (a) => {
            onResolved(alert.shortCode);
            snapshot(a);
          });
        }}
      >
        <h3>{m.resolveHeading}</h3>
        <label htmlFor={`disp-${alert.id}`}>{m.disposition}</label>
        <select id={`disp-${alert.id}`} data-testid="disposition-select" value={disposition} onChange={(e) => setDisposition(e.target.value as Disposition | '')} required>
          <option value="">{m.chooseDisposition}</option>
          {DISPOSITIONS.map((d) => (
            <option key={d} value={d}>
              {t.disposition[d]}
            </option>
          ))}
        </select>
        <label htmlFor={`note-${alert.id}`}>{m.note}</label>
        <textarea id={`note-${alert.id}`} rows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
        <button type="submit" data-testid="resolve-button" disabled={busy || !disposition}>
          {action.pending === 'resolve' ? t.officer.sending : m.resolve}
        </button>
      </form>
      <ErrorLine code={action.error} />
    </section>
  );
}
