/**
 * Where alerts come from: a consulate drawn by a rough weight (how many Mexican nationals live in its
 * district, in round relative numbers: Los Angeles, Chicago, Houston, Dallas, San Antonio, Phoenix,
 * San Diego and New York heavier), then a point within a radius of its office. Pure: no I/O.
 */

/** Rough relative population weights by consulate id; anything not listed weighs 1. */
export const POPULATION_WEIGHT: Readonly<Record<string, number>> = {
  losangeles: 12, chicago: 8, houston: 8, dallas: 7, sanantonio: 5, phoenix: 5, sandiego: 5, nuevayork: 5,
  sanbernardino: 4, santaana: 4, sanjose: 3, fresno: 3, sacramento: 2, sanfrancisco: 2, oxnard: 2, denver: 3,
  atlanta: 3, austin: 3, elpaso: 3, mcallen: 3, lasvegas: 3, seattle: 2, portland: 2, raleigh: 2, washington: 2,
  newbrunswick: 2, filadelfia: 2, miami: 2, orlando: 2, brownsville: 2, laredo: 2, tucson: 2, albuquerque: 2,
  kansascity: 2, indianapolis: 2, saintpaul: 2, milwaukee: 1.5, detroit: 1.5, oklahoma: 1.5, saltlakecity: 1.5,
};

export interface Place {
  id: string;
  lon: number;
  lat: number;
}

export interface LonLat {
  lon: number;
  lat: number;
}

const KM_PER_DEG_LAT = 111.32;

export const weightOf = (consulateId: string): number => POPULATION_WEIGHT[consulateId] ?? 1;

/** Draws one item with probability proportional to `weight(item)`. */
export function weightedPick<T>(items: readonly T[], weight: (t: T) => number, rand: () => number): T {
  const total = items.reduce((s, t) => s + weight(t), 0);
  let r = rand() * total;
  for (const t of items) {
    r -= weight(t);
    if (r <= 0) return t;
  }
  return items[items.length - 1]!;
}

/** A point uniformly distributed in the disc of `radiusKm` around `c` (flat-earth approximation). */
export function pointNear(c: LonLat, radiusKm: number, rand: () => number): LonLat {
  const r = radiusKm * Math.sqrt(rand());
  const a = rand() * 2 * Math.PI;
  const dLat = (r * Math.sin(a)) / KM_PER_DEG_LAT;
  const dLon = (r * Math.cos(a)) / (KM_PER_DEG_LAT * Math.cos((c.lat * Math.PI) / 180));
  return { lon: round5(c.lon + dLon), lat: round5(c.lat + dLat) };
}

/** One step of a random walk of about `km`, pulled back toward `home` when it strays beyond `leashKm`. */
export function walk(p: LonLat, home: LonLat, km: number, leashKm: number, rand: () => number): LonLat {
  const next = pointNear(p, km, rand);
  const dLat = (next.lat - home.lat) * KM_PER_DEG_LAT;
  const dLon = (next.lon - home.lon) * KM_PER_DEG_LAT * Math.cos((home.lat * Math.PI) / 180);
  if (Math.hypot(dLat, dLon) <= leashKm) return next;
  return { lon: round5((next.lon + home.lon) / 2), lat: round5((next.lat + home.lat) / 2) };
}

/** An alert's origin: a consulate by population weight (or the one given), then a point within `radiusKm`. */
export function alertOrigin(places: readonly Place[], rand: () => number, radiusKm = 30): LonLat & { near: string } {
  const c = weightedPick(places, (p) => weightOf(p.id), rand);
  return { ...pointNear(c, radiusKm, rand), near: c.id };
}

/** Exponential inter-arrival time (seconds) for a Poisson process of `rate` per second. */
export const nextArrivalS = (rate: number, rand: () => number): number => -Math.log(1 - rand()) / rate;

const round5 = (x: number) => Math.round(x * 1e5) / 1e5;
