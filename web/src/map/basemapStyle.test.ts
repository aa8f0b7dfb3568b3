import { describe, expect, it } from 'vitest';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { BASEMAP_SOURCE, basemapStyle } from './basemapStyle';

describe('basemapStyle (the self-hosted basemap, styled with @protomaps/basemaps)', () => {
  const style = basemapStyle('https://consola.example');

  it('reads tiles only from our own API, through the pmtiles protocol, crediting OpenStreetMap', () => {
    expect(style.sources).toEqual({ [BASEMAP_SOURCE]: expect.objectContaining({ type: 'vector', url: 'pmtiles://https://consola.example/map/basemap.pmtiles' }) });
    expect(JSON.stringify(style.sources)).toMatch(/OpenStreetMap/);
    expect(style.sprite).toBeUndefined();
    expect(style.glyphs).toBeUndefined();
  });

  it('is a valid style with streets, water and names, in Spanish, and no layer that needs an icon from elsewhere', () => {
    expect(validateStyleMin(style)).toEqual([]);
    const ids = style.layers.map((l) => l.id);
    expect(ids).toEqual(expect.arrayContaining(['water', 'places_locality', 'roads_labels_major']));
    expect(style.layers.filter((l) => l.type === 'symbol' && l.layout && 'icon-image' in l.layout)).toEqual([]);
    expect(JSON.stringify(style.layers)).toMatch(/name:es/);
  });
});
