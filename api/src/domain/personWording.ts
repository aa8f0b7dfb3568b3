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
WORDS.ASSIGNED = WORDS.ACKNOWLEDGED!;
WORDS.REASSIGNED = WORDS.ACKNOWLEDGED!;

export const isPersonFacing = (type: AlertEventType) => Object.hasOwn(WORDS, type);

export function personMessage(type: AlertEventType, lang: string | null | undefined, facts: Facts): string | null {
  const w = WORDS[type];
  if (!w) return null;
  return w[lang === 'en' ? 'en' : 'es'](facts);
}
