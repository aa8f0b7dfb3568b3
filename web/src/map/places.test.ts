import { describe, expect, it } from 'vitest';
import { placeFeatures } from './places';
import { placesRows, type GeoNamesCity } from '../../build/places';

const city = (name: string, country: string, population: number, lon: number, lat: number): GeoNamesCity => ({ name, country, population, loc: { coordinates: [lon, lat] } });

describe('place names (GeoNames rows built into /map/places.json, features in the browser)', () => {
  it('keeps every US and Puerto Rico town, only the large cities across the borders, largest first', () => {
    const rows = JSON.parse(
      placesRows([
        city('Postville', 'US', 2131, -91.56812, 43.08469),
        city('Houston', 'US', 2296224, -95.36327, 29.76328),
        city('Mayagüez', 'PR', 70_000, -67.1397, 18.2011),
        city('Tijuana', 'MX', 1_376_457, -117.00371, 32.5027),
        city('Tecate', 'MX', 40_000, -116.6, 32.57),
        city('Toronto', 'CA', 2_600_000, -79.4, 43.7),
        city('Kingston', 'CA', 120_000, -76.5, 44.2),
        city('Barrie', 'CA', 99_000, -79.7, 44.4),
        city('Lyon', 'FR', 500_000, 4.8, 45.7),
      ]),
    ) as unknown[];
    expect(rows).toEqual([
      [-79.4, 43.7, 2_600_000, 'Toronto'],
      [-95.363, 29.763, 2296224, 'Houston'],
      [-117.004, 32.503, 1_376_457, 'Tijuana'],
      [-76.5, 44.2, 120_000, 'Kingston'],
      [-67.14, 18.201, 70_000, 'Mayagüez'],
      [-91.568, 43.085, 2131, 'Postville'],
    ]);
  });

  it('turns rows into points named `n` with population `p`, skipping a malformed row', () => {
    const fc = placeFeatures([[-95.363, 29.763, 2296224, 'Houston'], ['x'], [1, 2, 'three', 'Bad'], null]);
    expect(fc.features).toEqual([{ type: 'Feature', geometry: { type: 'Point', coordinates: [-95.363, 29.763] }, properties: { n: 'Houston', p: 2296224 } }]);
    expect(placeFeatures({ not: 'rows' }).features).toEqual([]);
  });
});
