import type { Db, Queryable } from '../db/types.js';
import { coarsen } from '../domain/geo.js';
import { shortCode } from '../domain/ids.js';
import { normalisePhone, type PhoneVault } from './phoneVault.js';
import { contactPhone, type StoredContact } from './contactPhones.js';
import { enqueue, type NewOutboxMessage } from './outboxSql.js';
import { stateWords, texts } from './texts.js';

/** Status changes the number that raised an alert by SMS is told of. CANCELLED is not one: the reply to
 * the cancel said it, and a message after it would tell a real cancel from a duress one (which has none). */
const REPORTER_STATUSES = new Set(['ACKNOWLEDGED', 'EN_ROUTE', 'RESOLVED']);
const CLOSED_STATUSES = new Set(['CANCELLED', 'RESOLVED']);
/** A contact's coarse area: a 0.1° cell (about 11 km), never the point itself (DESIGN-NOTES §5). */
const CONTACT_CELL_DEG = 0.1;

interface FollowedEvent {
  seq: string;
  alert_id: string;
  type: string;
  to_status: string | null;
}

interface AlertContext {
  duress: boolean;
  lon: number;
  lat: number;
  accuracy_m: number | null;
  office_name: string;
  office_phone: string | null;
  reporter_enc: string | null;
  reporter_hmac: string | null;
  reporter_language: string | null;
  display_name: string | null;
  person_language: string | null;
  contacts: StoredContact[] | null;
  contacts_told: boolean;
}

/**
 * Turns alert events into outbound messages, from a cursor over `alert_events` (sequence order is commit
 * order, db/CONVENTIONS.md). The cursor row is locked for the step, so one process at a time follows, and
 * the messages and the cursor's move commit together: an event is turned into messages exactly once,
 * whatever process dies when. Returns how many events it read.
 */
export async function followEvents(db: Db, vault: PhoneVault, batch = 200): Promise<number> {
  return db.tx(async (q) => {
    const cursor = await q.query<{ seq: string }>('/* sms_follow_cursor */ select seq::text as seq from sms_follow_cursor where id = 1 for update skip locked');
    if (!cursor.rows[0]) return 0; // another process is following right now
    // Only events that may text someone are looked at further: of the kinds that do, on alerts raised by
    // SMS or of a person with a contact who opted in (a raid's thousands of app raises cost one read).
    const events = await q.query<FollowedEvent & { relevant: boolean }>(
      `/* sms_follow_events */ with w as (select seq, alert_id, type, to_status from alert_events where seq > $1::bigint order by seq limit $2)
       select w.seq::text as seq, w.alert_id::text as alert_id, w.type, w.to_status,
              (w.type = 'RAISED' or w.to_status = any($3::text[]))
              and (exists (select 1 from sms_reporters r where r.alert_id = w.alert_id)
                   or exists (select 1 from alerts a join persons p on p.id = a.person_id
                              where a.id = w.alert_id and p.trusted_contacts @> '[{"notify": true}]'::jsonb)) as relevant
       from w order by w.seq`,
      [cursor.rows[0].seq, batch, [...REPORTER_STATUSES, ...CLOSED_STATUSES]],
      { name: 'sms_follow_events' },
    );
    if (events.rows.length === 0) return 0;
    for (const e of events.rows) if (e.relevant) await enqueue(q, await messagesFor(q, vault, e));
    await q.query('/* sms_follow_cursor_move */ update sms_follow_cursor set seq = $1::bigint where id = 1', [events.rows[events.rows.length - 1]!.seq]);
    return events.rows.length;
  });
}

async function messagesFor(q: Queryable, vault: PhoneVault, e: FollowedEvent): Promise<NewOutboxMessage[]> {
  const raised = e.type === 'RAISED';
  const closed = e.to_status !== null && CLOSED_STATUSES.has(e.to_status);
  const forReporter = e.to_status !== null && REPORTER_STATUSES.has(e.to_status);
  if (!raised && !closed && !forReporter) return [];
  const a = await alertContext(q, e.alert_id);
  if (!a) return [];
  const office = { name: a.office_name, phone: a.office_phone };
  const out: NewOutboxMessage[] = [];
  const key = (who: string) => `ev:${e.seq}:${who}`;
  if (forReporter && a.reporter_enc && a.reporter_hmac && !a.duress) {
    const t = texts(a.reporter_language);
    out.push({ dedupeKey: key('reporter'), alertId: e.alert_id, audience: 'REPORTER', toHmac: a.reporter_hmac, toEnc: a.reporter_enc, body: t.update(shortCode(e.alert_id), stateWords(t, e.to_status!)) });
  }
  // Contacts hear of a close only if they heard of the raise (the opt-in may have changed in between).
  if (raised || (closed && a.contacts_told)) {
    const t = texts(a.person_language);
    const who = a.display_name ?? t.someone;
    (a.contacts ?? []).forEach((c, i) => {
      // The one place a contact's number is opened: to text it (sealed again for the outbox row).
      const clear = c.notify ? contactPhone(vault, c) : null;
      const e164 = clear ? normalisePhone(clear) : null;
      if (!e164) return;
      const cell = coarsen(a, CONTACT_CELL_DEG);
      const place = c.shareLocation && a.accuracy_m !== null && a.accuracy_m < 100_000 ? `${cell.lat.toFixed(2)}, ${cell.lon.toFixed(2)}` : null;
      const body = raised ? t.contactRaised(who, office, place) : t.contactClosed(who, office);
      out.push({ dedupeKey: key(`contact:${i}`), alertId: e.alert_id, audience: raised ? 'CONTACT_RAISED' : 'CONTACT_CLOSED', toHmac: vault.hmac(e164), toEnc: vault.seal(e164), body });
    });
  }
  return out;
}

async function alertContext(q: Queryable, alertId: string): Promise<AlertContext | null> {
  const r = await q.query<AlertContext>(
    `select a.duress, ST_X(a.location::geometry) as lon, ST_Y(a.location::geometry) as lat, a.accuracy_m,
            c.name as office_name, c.phone as office_phone,
            r.phone_enc as reporter_enc, r.phone_hmac as reporter_hmac, r.language as reporter_language,
            p.display_name, p.preferred_language as person_language, p.trusted_contacts as contacts,
            exists (select 1 from sms_outbox o where o.alert_id = a.id and o.audience = 'CONTACT_RAISED') as contacts_told
     from alerts a join consulates c on c.id = a.consulate_id
     left join sms_reporters r on r.alert_id = a.id
     left join persons p on p.id = a.person_id and p.deleted_at is null
     where a.id = $1::uuid`,
    [alertId],
  );
  return r.rows[0] ?? null;
}
