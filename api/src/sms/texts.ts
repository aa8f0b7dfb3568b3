import type { SmsLanguage } from '../domain/smsGrammar.js';

/**
 * Every message this service texts, in Spanish and English (a person whose language is another one gets
 * Spanish: the consulates' common language). Short, and never an advisor's name, a position or anything
 * else a captor holding the phone could use. Replies to a real cancel and to a duress cancel are one text.
 */
export interface Office {
  name: string;
  phone: string | null;
}

const tel = (o: Office) => (o.phone ? ` ${o.phone}` : '');

const ES = {
  raised: (code: string, o: Office) => `Alerta ${code} recibida. ${o.name}:${tel(o)}. ESTADO para seguirla; CANCELAR y su PIN para cancelarla.`,
  askZip: 'Envie ALERTA y su codigo postal (ZIP) para ubicarle.',
  zipNotFound: 'No encontramos ese codigo postal o lugar.',
  located: (code: string, o: Office) => `Alerta ${code}: ubicacion actualizada. ${o.name}:${tel(o)}.`,
  status: (code: string, state: string, o: Office) => `Alerta ${code}: ${state}. ${o.name}:${tel(o)}.`,
  noOpenAlert: 'No tiene alertas abiertas. Envie ALERTA y su codigo postal para pedir ayuda.',
  cancelled: (code: string) => `Alerta ${code} cancelada.`,
  askPin: 'Envie CANCELAR y su PIN (4 a 8 digitos).',
  wrongPin: 'PIN incorrecto.',
  locked: 'Demasiados PIN incorrectos; intente mas tarde.',
  noPins: (o: Office) => `Este numero no tiene PIN registrado y no puede cancelar por SMS; el consulado cerrara la alerta.${tel(o)}`,
  info: 'Alerta Consular: ALERTA y su codigo postal para pedir ayuda; ESTADO; CANCELAR y su PIN. STOP para no recibir mensajes. Pueden aplicar tarifas.',
  linked: 'Numero vinculado: puede pedir ayuda, seguir y cancelar sus alertas por SMS con sus PIN.',
  linkFailed: 'Codigo no valido o vencido. Pida uno nuevo en la app.',
  linkLater: 'No podemos vincular numeros en este momento; intente mas tarde.',
  optOut: 'Ya no recibira mensajes de Alerta Consular. Envie START para volver.',
  optIn: 'Recibira mensajes de Alerta Consular de nuevo. STOP para dejar de recibirlos.',
  state: { waiting: 'recibida, buscando quien la atienda', assigned: 'un asesor del consulado tomo su caso', enRoute: 'el asesor va en camino', closed: 'cerrada por el consulado' },
  update: (code: string, state: string) => `Alerta ${code}: ${state}.`,
  contactRaised: (who: string, o: Office, place: string | null) =>
    `Alerta Consular: ${who} pidio ayuda y ${o.name} ya fue avisado.${tel(o)}${place ? ` Zona aproximada: ${place}.` : ''}`,
  contactClosed: (who: string, o: Office) => `Alerta Consular: la alerta de ${who} se cerro.${tel(o)}`,
  someone: 'una persona que le eligio como contacto',
};

const EN: typeof ES = {
  raised: (code, o) => `Alert ${code} received. ${o.name}:${tel(o)}. STATUS to follow it; CANCEL and your PIN to cancel it.`,
  askZip: 'Text ALERT and your ZIP code so we can locate you.',
  zipNotFound: 'We could not find that ZIP code or place.',
  located: (code, o) => `Alert ${code}: location updated. ${o.name}:${tel(o)}.`,
  status: (code, state, o) => `Alert ${code}: ${state}. ${o.name}:${tel(o)}.`,
  noOpenAlert: 'You have no open alerts. Text ALERT and your ZIP code to ask for help.',
  cancelled: (code) => `Alert ${code} cancelled.`,
  askPin: 'Text CANCEL and your PIN (4 to 8 digits).',
  wrongPin: 'Incorrect PIN.',
  locked: 'Too many incorrect PINs; try again later.',
  noPins: (o) => `This number has no PIN registered and cannot cancel by SMS; the consulate will close the alert.${tel(o)}`,
  info: 'Alerta Consular: ALERT and your ZIP code to ask for help; STATUS; CANCEL and your PIN. STOP to opt out. Msg&data rates may apply.',
  linked: 'Number linked: you can ask for help, follow and cancel your alerts by SMS with your PINs.',
  linkFailed: 'Invalid or expired code. Ask the app for a new one.',
  linkLater: 'We cannot link numbers right now; try again later.',
  optOut: 'You will no longer receive messages from Alerta Consular. Text START to resume.',
  optIn: 'You will receive messages from Alerta Consular again. STOP to opt out.',
  state: { waiting: 'received, finding someone to take it', assigned: 'a consulate advisor took your case', enRoute: 'the advisor is on the way', closed: 'closed by the consulate' },
  update: (code, state) => `Alert ${code}: ${state}.`,
  contactRaised: (who, o, place) => `Alerta Consular: ${who} asked for help and ${o.name} has been told.${tel(o)}${place ? ` Approximate area: ${place}.` : ''}`,
  contactClosed: (who, o) => `Alerta Consular: ${who}'s alert was closed.${tel(o)}`,
  someone: 'someone who chose you as a contact',
};

export type SmsTexts = typeof ES;
export const texts = (language: string | null | undefined): SmsTexts => (language === 'en' ? EN : ES);
export const smsLanguage = (language: string | null | undefined): SmsLanguage => (language === 'en' ? 'en' : 'es');

/** The phrase for an alert status, as the person may know it (ESTADO and status updates). */
export function stateWords(t: SmsTexts, status: string): string {
  if (status === 'ACKNOWLEDGED') return t.state.assigned;
  if (status === 'EN_ROUTE' || status === 'ON_SCENE') return t.state.enRoute;
  if (status === 'RESOLVED') return t.state.closed;
  return t.state.waiting;
}
