import { seededRandom, seededUuid } from './random.js';
import type { OfficeSeed } from './model.js';

export interface AdvisorSeed {
  id: string;
  consulateId: string;
  name: string;
  kind: 'PALE_LAWYER' | 'PROTECTION_OFFICER' | 'CONSULAR_STAFF';
  languages: string[];
  lon: number;
  lat: number;
}

const FIRST = ['Ana', 'Luis', 'María', 'José', 'Carmen', 'Jorge', 'Lucía', 'Miguel', 'Rosa', 'Andrés', 'Elena', 'Raúl', 'Sofía', 'Diego', 'Paula', 'Héctor'];
const LAST = ['García', 'Hernández', 'López', 'Martínez', 'Pérez', 'Sánchez', 'Ramírez', 'Cruz', 'Flores', 'Gómez', 'Morales', 'Vázquez', 'Reyes', 'Jiménez', 'Ortiz', 'Mendoza'];
const KINDS: AdvisorSeed['kind'][] = ['PALE_LAWYER', 'PALE_LAWYER', 'PROTECTION_OFFICER', 'CONSULAR_STAFF'];
const EXTRA_LANGUAGES = ['en', 'en', 'en', 'mix', 'zap', 'trs', 'nah', 'tzo', 'quc'];

/**
 * Fictional demo advisors scattered within about 40 km of each consulate: the same ids, names and
 * positions on every machine (seeded), so routing demos and tests are reproducible. Not real people.
 */
export function demoAdvisors(offices: readonly OfficeSeed[], perOffice = 8, seed = 20261128): AdvisorSeed[] {
  const rand = seededRandom(seed);
  const out: AdvisorSeed[] = [];
  for (const o of offices) {
    for (let i = 0; i < perOffice; i++) {
      const angle = rand() * 2 * Math.PI;
      const km = 2 + rand() * 38;
      const dLat = (km / 111.32) * Math.sin(angle);
      const dLon = ((km / 111.32) * Math.cos(angle)) / Math.cos((o.lat * Math.PI) / 180);
      const langs = ['es'];
      const extra = EXTRA_LANGUAGES[Math.floor(rand() * EXTRA_LANGUAGES.length)]!;
      if (rand() < 0.7) langs.push(extra);
      out.push({
        id: seededUuid(rand),
        consulateId: o.id,
        name: `${FIRST[Math.floor(rand() * FIRST.length)]} ${LAST[Math.floor(rand() * LAST.length)]} (demo)`,
        kind: KINDS[i % KINDS.length]!,
        languages: langs,
        lon: Math.round((o.lon + dLon) * 1e5) / 1e5,
        lat: Math.round((o.lat + dLat) * 1e5) / 1e5,
      });
    }
  }
  return out;
}
