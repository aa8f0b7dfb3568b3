import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, cloneTestDb, type TestDb } from './support/db.js';
import {
  coarseContainingConsulates,
  containingConsulates,
  countyOfficeOf,
  OFFSETS_M,
  pointsNearDistrictLines,
  type LinePoint,
} from './support/districtLines.js';

/**
 * Issue 23: a person a kilometre (or 100 m) from the line between two consular districts reaches the
 * office the law names. Points on both sides of every line between two offices, from the fine
 * (1:500,000) county polygons; the truth is the county that contains each point, found without the
 * database, and its office in the membership file. Every statement is batched: one to place the points,
 * one to route them all.
 */
describe.each(backends())('routing near the lines between districts on %s', (backend) => {
  let t: TestDb;
  let points: LinePoint[];
  let truth: ReturnType<typeof countyOfficeOf>;
  beforeAll(async () => {
    t = await cloneTestDb(backend);
    points = await pointsNearDistrictLines(t.db);
    truth = countyOfficeOf(points);
  }, 300_000);
  afterAll(async () => t?.dispose());

  it('places points at 100 m, 500 m and 1 km on both sides of every line between two offices, each in a county', () => {
    const lines = new Set(points.map((p) => p.offices));
    // 53 districts meet along about a hundred lines between two offices (111 with the 2018 counties).
    expect(lines.size).toBeGreaterThan(100);
    expect(points).toHaveLength(lines.size * 2 * OFFSETS_M.length);
    expect(truth.filter((x) => x === null)).toEqual([]);
    // Both offices of a line are on its sides: a line between two districts, not inside one.
    for (const line of lines) {
      const offices = new Set(points.flatMap((p, i) => (p.offices === line && p.offsetM === 100 ? [truth[i]!.office] : [])));
      expect([...offices].sort().join('|'), line).toBe(line);
    }
  });

  it('routes every one of them, CONTAINED, to the office of the county it is in', async () => {
    const got = await containingConsulates(t.db, points);
    const wrong = points.flatMap((p, i) =>
      got[i] === truth[i]!.office ? [] : [`${p.offices} ${p.side} ${p.offsetM} m (${p.lon}, ${p.lat}): county ${truth[i]!.fips} is ${truth[i]!.office}'s, routed to ${got[i]}`],
    );
    expect(wrong).toEqual([]);
  }, 120_000);

  it('(the 1:10M district lines routed some of the same points to the neighbouring office: the check tells them apart)', async () => {
    const coarse = await coarseContainingConsulates(t.db, points);
    const misrouted = coarse.filter((c, i) => c !== truth[i]!.office).length;
    expect(misrouted).toBeGreaterThan(0);
  }, 120_000);
});
