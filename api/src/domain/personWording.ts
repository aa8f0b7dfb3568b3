/**
 * What the person's screen says for each step of their alert, in their language. Only the steps that
 * mean something to them are worded; internal steps (an offer expiring, a location update) return null
 * and are not sent to the person at all.
 */
import type { AlertEventType } from '../generated/enums.js';

export type Lang = 'es' | 'en';

interface Facts {
  consulateName: string;
  advisorName: string | null;
  /** The event's note: for INCIDENT_NOTICE, which notice (domain/incidents/commandsNotice.ts). */
  note?: string | null;
}

const WORDS: Partial<Record<AlertEventType, Record<Lang, (f: Facts) => string>>> = {
  RAISED: { es: (f) => `Alerta recibida por ${f.consulateName}`, en: (f) => `Alert received by ${f.consulateName}` },
  OFFERED: { es: () => 'Buscando un asesor cercano', en: () => 'Finding an advisor near you' },
  ACKNOWLEDGED: { es: (f) => `Asesor asignado${f.advisorName ? `: ${f.advisorName}` : ''}`, en: (f) => `Advisor assigned${f.advisorName ? `: ${f.advisorName}` : ''}` },
  EN_ROUTE: { es: () => 'Su asesor va en camino', en: () => 'Your advisor is on the way' },
  ON_SCENE: { es: () => 'Su asesor llegó al lugar', en: () => 'Your advisor has arrived' },
  RESOLVED: { es: () => 'Caso cerrado', en: () => 'Case closed' },
  CANCELLED: { es: () => 'Alerta cancelada', en: () => 'Alert cancelled' },
  ESCALATED: { es: (f) => `${f.consulateName} atiende su alerta directamente`, en: (f) => `${f.consulateName} is handling your alert directly` },
  HANDED_OVER: { es: (f) => `Su alerta pasó a ${f.consulateName}`, en: (f) => `Your alert is now with ${f.consulateName}` },
};
WORDS.INCIDENT_NOTICE = { es: (f) => incidentNotice('es', f), en: (f) => incidentNotice('en', f) };
WORDS.ASSIGNED = WORDS.ACKNOWLEDGED!;
WORDS.REASSIGNED = WORDS.ACKNOWLEDGED!;

/**
 * A control room's notice to everyone in an incident (postIncidentStatus): fixed texts that say nothing of
 * how many others are there or where. An unknown notice reads as the first.
 */
const NOTICES: Record<string, Record<Lang, (f: Facts) => string>> = {
  CONSULATE_AWARE: {
    es: (f) => `${f.consulateName} sabe del operativo en su zona`,
    en: (f) => `${f.consulateName} knows about the enforcement operation in your area`,
  },
  ADVISOR_ON_THE_WAY: {
    es: (f) => `${f.consulateName} sabe del operativo en su zona; un asesor va en camino`,
    en: (f) => `${f.consulateName} knows about the enforcement operation in your area; an advisor is on the way`,
  },
  STAY_CALM_KNOW_YOUR_RIGHTS: {
    es: () => 'Mantenga la calma: tiene derecho a guardar silencio y a no firmar nada sin hablar con un abogado',
    en: () => 'Stay calm: you have the right to remain silent and not to sign anything before speaking to a lawyer',
  },
};
const incidentNotice = (lang: Lang, f: Facts) => (NOTICES[f.note ?? ''] ?? NOTICES.CONSULATE_AWARE!)[lang](f);

export const isPersonFacing = (type: AlertEventType) => Object.hasOwn(WORDS, type);

export function personMessage(type: AlertEventType, lang: string | null | undefined, facts: Facts): string | null {
  const w = WORDS[type];
  if (!w) return null;
  return w[lang === 'en' ? 'en' : 'es'](facts);
}
