import { describe, expect, it } from 'vitest';
import { es } from '../i18n/es';
import { en } from '../i18n/en';
import { systemNoteText } from './systemNotes';

const names = (id: string) => ({ losangeles: 'Los Ángeles', sanbernardino: 'San Bernardino' })[id] ?? id;

describe('systemNoteText (the server\u2019s machine notes, worded)', () => {
  it('words every note the server writes, in Spanish', () => {
    expect(systemNoteText('claimed', es)).toBe('la tomó el asesor');
    expect(systemNoteText('CONTAINED', es)).toBe('en el distrito');
    expect(systemNoteText('FALLBACK RATE_LIMITED OUTSIDE_COVERAGE', es)).toBe('fuera de distrito (CIAM) · sobre el límite de alertas · fuera de la cobertura de los distritos');
    expect(systemNoteText('not taken after 3 offers', es)).toBe('nadie la tomó tras 3 ofertas');
    expect(systemNoteText('advisor now OFF_DUTY', es)).toBe('el asesor pasó a fuera de turno');
    expect(systemNoteText('losangeles -> sanbernardino', es, names)).toBe('de Los Ángeles a San Bernardino');
    expect(systemNoteText('no available advisor nearby', es)).toMatch(/ningún asesor/);
  });

  it('leaves a person\u2019s own words alone (null), and words the same notes in English', () => {
    expect(systemNoteText('la persona no contesta', es)).toBeNull();
    expect(systemNoteText('CONTAINED por favor', es)).toBeNull();
    expect(systemNoteText('claimed', en)).toBe('taken by the advisor');
    expect(systemNoteText('NEAREST', en)).toBe('nearest district');
  });
});
