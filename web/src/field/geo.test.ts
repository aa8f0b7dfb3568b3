import { describe, expect, it } from 'vitest';
import { distanceKm, formatCountdown, formatDistance, geoUri, shouldSendFix, type Fix } from './geo';

const LA = { lat: 34.05, lon: -118.25 };
const SD = { lat: 32.7157, lon: -117.1611 };

describe('distanceKm', () => {
  it('is zero for the same point and symmetric', () => {
    expect(distanceKm(LA, LA)).toBe(0);
    expect(distanceKm(LA, SD)).toBeCloseTo(distanceKm(SD, LA), 9);
  });
  it('matches a known distance (Los Angeles to San Diego, about 179 km)', () => {
    expect(distanceKm(LA, SD)).toBeGreaterThan(175);
    expect(distanceKm(LA, SD)).toBeLessThan(183);
  });
  it('one hundredth of a degree of latitude is about 1.11 km', () => {
    expect(distanceKm(LA, { lat: 34.06, lon: -118.25 })).toBeCloseTo(1.112, 2);
  });
});

describe('formatDistance', () => {
  it('uses metres under 1 km, one decimal under 10 km, whole km beyond', () => {
    expect(formatDistance(0.3456)).toBe('346 m');
    expect(formatDistance(4.24)).toBe('4.2 km');
    expect(formatDistance(18.4)).toBe('18 km');
  });
});

describe('formatCountdown', () => {
  it('shows minutes and padded seconds, rounding up, and never goes negative', () => {
    expect(formatCountdown(65_000)).toBe('1:05');
    expect(formatCountdown(59_001)).toBe('1:00');
    expect(formatCountdown(9_000)).toBe('0:09');
    expect(formatCountdown(750_000)).toBe('12:30');
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdown(-4_000)).toBe('0:00');
  });
});

describe('geoUri', () => {
  it('is a geo: URI with six decimals', () => {
    expect(geoUri({ lat: 34.05, lon: -118.25 })).toBe('geo:34.050000,-118.250000');
  });
});

describe('shouldSendFix', () => {
  const fix = (lat: number, at: number): Fix => ({ lat, lon: -118.25, accuracyM: 10, at });
  it('sends the first fix, a real move, or after a silence; not jitter', () => {
    expect(shouldSendFix(null, fix(34.05, 0))).toBe(true);
    expect(shouldSendFix(fix(34.05, 0), fix(34.05001, 1_000))).toBe(false); // ~1 m
    expect(shouldSendFix(fix(34.05, 0), fix(34.0505, 1_000))).toBe(true); // ~55 m
    expect(shouldSendFix(fix(34.05, 0), fix(34.05, 15_000))).toBe(true);
  });
});
