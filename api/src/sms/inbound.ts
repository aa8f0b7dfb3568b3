import { createHash } from 'node:crypto';
import { AppError, ErrorCode } from '../domain/errors.js';
import { MAX_ACCURACY_M, type Point } from '../domain/geo.js';
import { shortCode } from '../domain/ids.js';
import { parseSms, type SmsCommand, type SmsLanguage, type SmsPlace } from '../domain/smsGrammar.js';
import type { Viewer } from '../domain/viewer.js';
import { raiseAlert } from '../services/raiseAlert.js';
import { cancelAlert, updateAlertLocation } from '../services/personAlert.js';
import type { DispatchDeps } from '../services/transition.js';
import { insertAudit } from '../sql/privacy.js';
import { claimInbound, openAlertOf, personByPhone, recentFrom, saveReply, saveReporter, setOptOut, storedReply, type OpenAlert } from './inboundSql.js';
import type { PhoneVault } from './phoneVault.js';
import { linkPhone } from './phoneLink.js';
import type { LinkGuard } from './linkGuard.js';
import { smsLanguage, stateWords, texts, type SmsTexts } from './texts.js';
import { locate } from './zipLocator.js';

/**
 * No usable place: the alert is stored at (0, 0) with the widest accuracy the API knows, which no district
 * is near, so routing sends it to CIAM by the FALLBACK method (OUTSIDE_COVERAGE flag) and the note says
 * why. The reply asks for a ZIP code; one texted later moves the alert (and hands it over) like a new fix.
 */
const NO_PLACE: Point = { lon: 0, lat: 0, accuracyM: MAX_ACCURACY_M };

export interface InboundMessage {
  messageSid: string;
  from: string;
  body: string;
}

export interface InboundDeps extends DispatchDeps {
  vault: PhoneVault;
  inboundPer10Min: number;
  linkGuard: LinkGuard;
}

/** What to text back (null: nothing). */
interface Outcome {
  reply: string | null;
  alertId: string | null;
}

/**
 * One verified inbound message, From already in E.164: answered once per MessageSid (a provider's retry
 * gets the stored reply), limited per number, audited, its body never stored.
 */
export async function handleInbound(deps: InboundDeps, m: InboundMessage): Promise<string | null> {
  const hmac = deps.vault.hmac(m.from);
  const command = parseSms(m.body);
  if (!(await claimInbound(deps.db, m.messageSid, hmac, command.kind))) {
    const earlier = await waitForReply(deps, m.messageSid);
    if (earlier !== undefined) return earlier;
    // The first delivery died before answering: the work below is idempotent (the raise by its key).
  }
  const who = await personByPhone(deps.db, hmac);
  const personId = who.personId ?? `sms:${hmac}`;
  const open = await openAlertOf(deps.db, personId);
  const flooding = (await recentFrom(deps.db, hmac)) > deps.inboundPer10Min;
  // Over the limit nothing is answered (a flood costs no outbound texts), except a raise with no open
  // alert: help is never refused (the raise limit flags it for the control room instead).
  const outcome: Outcome = flooding && !(command.kind === 'RAISE' && !open)
    ? { reply: null, alertId: open?.id ?? null }
    : await run(deps, command, { hmac, from: m.from, personId, language: who.language, open, messageSid: m.messageSid });
  await saveReply(deps.db, m.messageSid, outcome.reply ?? '', outcome.alertId);
  await insertAudit(deps.db, [{ actorRole: 'SMS', actorId: `sms:${hmac.slice(0, 16)}`, action: `SMS_${flooding ? 'RATE_LIMITED' : command.kind}`, subjectType: outcome.alertId ? 'alert' : 'sms', subjectId: outcome.alertId ?? m.messageSid }]);
  return outcome.reply;
}

interface Sender {
  hmac: string;
  from: string;
  personId: string;
  language: string | null;
  open: OpenAlert | null;
  messageSid: string;
}

async function run(deps: InboundDeps, c: SmsCommand, s: Sender): Promise<Outcome> {
  // A registered person is answered in their language; anyone else in the language they texted in.
  const lang = smsLanguage(s.language ?? ('language' in c ? c.language : 'es'));
  const t = texts(lang);
  const viewer: Viewer = { role: 'PERSON', sub: s.personId, exp: 0 };
  const none = (reply: string): Outcome => ({ reply, alertId: s.open?.id ?? null });
  switch (c.kind) {
    case 'OPT_OUT':
      await setOptOut(deps.db, s.hmac, true);
      return none(t.optOut);
    case 'OPT_IN':
      await setOptOut(deps.db, s.hmac, false);
      return none(t.optIn);
    case 'LINK': {
      // A malformed code is no guess (nothing is looked up); a well-formed one is checked only while the
      // global budget of wrong codes lasts (linkGuard.ts).
      if (!c.code) return none(t.linkFailed);
      if (!(await deps.linkGuard.open(deps.db))) {
        await deps.linkGuard.blocked(deps.db, s.messageSid);
        return none(t.linkLater);
      }
      const linked = await linkPhone(deps.db, deps.vault, c.code, s.from);
      if (!linked) await deps.linkGuard.failed(deps.db, s.messageSid);
      return none(linked ? texts(linked.language).linked : t.linkFailed);
    }
    case 'INFO':
    case 'UNKNOWN':
      return none(t.info);
    case 'STATUS':
      return none(s.open ? t.status(shortCode(s.open.id), stateWords(t, s.open.status), office(s.open)) : t.noOpenAlert);
    case 'CANCEL':
      return none(await cancel(deps, viewer, t, s.open, c.pin));
    case 'RAISE':
      return raise(deps, viewer, lang, s, c.place);
  }
}

async function raise(deps: InboundDeps, viewer: Viewer, lang: SmsLanguage, s: Sender, place: SmsPlace | null): Promise<Outcome> {
  const t = texts(lang);
  const where = locate(place);
  const missing = where.point ? '' : ` ${where.reason === 'NO_PLACE' ? '' : t.zipNotFound + ' '}${t.askZip}`;
  if (s.open) {
    if (!where.point) return { reply: t.status(shortCode(s.open.id), stateWords(t, s.open.status), office(s.open)) + missing, alertId: s.open.id };
    try {
      await updateAlertLocation(deps, viewer, s.open.id, where.point, new Date());
    } catch (err) {
      // Closed in the meantime, or a newer fix already kept: the status says where it stands.
      if (!(err instanceof AppError)) throw err;
      return { reply: t.status(shortCode(s.open.id), stateWords(t, s.open.status), office(s.open)), alertId: s.open.id };
    }
    const moved = (await openAlertOf(deps.db, s.personId)) ?? s.open;
    return { reply: t.located(shortCode(moved.id), office(moved)), alertId: moved.id };
  }
  const point = where.point ?? NO_PLACE;
  const note = where.point ? `SMS: ${where.label}` : `SMS: no usable location (${where.reason}); the reply asked for a ZIP code`;
  const kind = 'IMMINENT_DETENTION' as const;
  const hash = createHash('sha256').update(JSON.stringify([point.lon, point.lat, point.accuracyM, kind, note])).digest('base64url');
  const { id } = await raiseAlert(deps, viewer, { point, idempotencyKey: `sms:${s.messageSid}`, kind, note, hash });
  await saveReporter(deps.db, id, s.hmac, deps.vault.seal(s.from), lang);
  const opened = await openAlertOf(deps.db, s.personId);
  const o = opened?.id === id ? office(opened) : { name: 'Consulado', phone: null };
  return { reply: t.raised(shortCode(id), o) + missing, alertId: id };
}

/** The app's cancel, PIN rules and all (services/personAlert.ts): the same text for a real and a duress cancel. */
async function cancel(deps: InboundDeps, viewer: Viewer, t: SmsTexts, open: OpenAlert | null, pin: string | null): Promise<string> {
  if (pin === null) return t.askPin;
  if (!open) return t.noOpenAlert;
  try {
    await cancelAlert(deps, viewer, open.id, pin);
    return t.cancelled(shortCode(open.id));
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.code === ErrorCode.INCORRECT_PIN) return t.wrongPin;
    if (err.code === ErrorCode.RATE_LIMITED) return t.locked;
    if (err.code === ErrorCode.PIN_NOT_SET) return t.noPins(office(open));
    if (err.code === ErrorCode.INVALID_TRANSITION || err.code === ErrorCode.NOT_FOUND) return t.noOpenAlert;
    throw err;
  }
}

const office = (a: OpenAlert) => ({ name: a.office_name, phone: a.office_phone });

/** A retried delivery waits briefly for the first one's answer; undefined if it never came. */
async function waitForReply(deps: InboundDeps, messageSid: string): Promise<string | null | undefined> {
  const deadline = Date.now() + 3_000;
  while (Date.now() < deadline) {
    const r = await storedReply(deps.db, messageSid);
    if (r !== null) return r === '' ? null : r;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}
