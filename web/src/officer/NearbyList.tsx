import { useClient } from 'urql';
import { useI18n } from '../i18n/I18n';
import { formatSpan } from '../console/format';
import { formatCountdown, formatDistance } from '../field/geo';
import { claim, decline } from './actions';
import type { NearbyItem } from './fold';
import { NEARBY_RADIUS_KM, type Nearby } from './useNearby';
import { useAction } from './useAction';
import { ErrorLine } from './ErrorLine';
import { roughKm } from './accuracy';

interface Props {
  items: readonly NearbyItem[];
  advisorId: string;
  nearby: Nearby;
  connected: boolean;
}

/** Open alerts near me and offers made to me, nearest first. */
export function NearbyList({ items, advisorId, nearby, connected }: Props) {
  const { t } = useI18n();
  const n = t.officer.nearby;
  let body;
  if (nearby.error) {
    body = (
      <div className="field-error" role="alert" data-testid="nearby-error">
        <p>{n.streamError(nearby.error)}</p>
        <button type="button" onClick={nearby.retry}>
          {n.retry}
        </button>
      </div>
    );
  } else if (items.length === 0) {
    body = (
      <p className="muted" data-testid="nearby-empty">
        {connected ? n.empty : n.connecting}
      </p>
    );
  } else {
    body = (
      <ol className="field-list">
        {items.map((item) => (
          <NearbyRow key={item.alert.id} item={item} advisorId={advisorId} nearby={nearby} />
        ))}
      </ol>
    );
  }
  return (
    <section className="field-card" aria-labelledby="nearby-h">
      <h2 id="nearby-h">
        {n.heading} <small>{n.radius(NEARBY_RADIUS_KM)}</small>
      </h2>
      {body}
    </section>
  );
}

function NearbyRow({ item, advisorId, nearby }: { item: NearbyItem; advisorId: string; nearby: Nearby }) {
  const { t } = useI18n();
  const n = t.officer.nearby;
  const client = useClient();
  const action = useAction();
  const { alert } = item;
  const rough = roughKm(alert.location);
  const offerLine =
    item.offerToMe && item.offerRemainingMs !== null ? n.offerToMe(formatCountdown(item.offerRemainingMs))
    : alert.offer?.advisor.id === advisorId ? n.offerExpired
    : alert.offer && item.offerRemainingMs !== null && !item.takenByOther ? n.offeredTo(alert.offer.advisor.name, formatCountdown(item.offerRemainingMs))
    : null;

  return (
    <li
      className={['field-row', item.offerToMe ? 'offer-to-me' : '', alert.duress ? 'duress' : ''].join(' ').trim()}
      data-testid="nearby-row"
      data-alert-id={alert.id}
      data-status={alert.status}
    >
      <div className="row-top">
        <span className="short-code" data-testid="row-code">
          {alert.shortCode}
        </span>
        <span className="chip">{t.status[alert.status]}</span>
        {alert.duress ? <span className="badge badge-duress">{t.badges.duress}</span> : null}
        <span className="age">{t.age(formatSpan(item.ageMs))}</span>
      </div>
      <p className="row-line">
        <strong data-testid="row-distance">{item.distanceKm === null ? n.noDistance : n.distance(formatDistance(item.distanceKm))}</strong>
        {rough !== null ? (
          <>
            {' '}
            <span className="warn" data-testid="row-accuracy">
              {n.accuracy(rough)}
            </span>
          </>
        ) : null}
        {' · '}
        {t.kind[alert.kind]}
      </p>
      {offerLine ? (
        <p className={item.offerToMe ? 'offer-line mine' : 'offer-line'} data-testid="offer-line">
          {offerLine}
        </p>
      ) : null}
      {item.takenByOther ? <p className="muted">{n.takenBy(alert.assignedAdvisor?.name ?? '')}</p> : null}
      {!item.takenByOther ? (
        <div className="row-actions">
          <button
            type="button"
            className="primary"
            data-testid="claim-button"
            disabled={action.pending !== null}
            onClick={() => void action.run('claim', () => claim(client, alert.id, advisorId), (a) => nearby.dispatch({ type: 'snapshot', alert: a }))}
          >
            {action.pending === 'claim' ? t.officer.sending : n.claim}
          </button>
          {item.offerToMe ? (
            <button
              type="button"
              data-testid="decline-button"
              disabled={action.pending !== null}
              onClick={() =>
                void action.run('decline', () => decline(client, alert.id), (a) => nearby.dispatch(a ? { type: 'snapshot', alert: a } : { type: 'forget', id: alert.id }))
              }
            >
              {action.pending === 'decline' ? t.officer.sending : n.decline}
            </button>
          ) : null}
        </div>
      ) : null}
      <ErrorLine code={action.error} />
    </li>
  );
}
