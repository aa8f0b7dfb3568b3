import type { SymbolLayerSpecification } from 'maplibre-gl';

type NoSource<T> = Omit<T, 'source'>;

/**
 * Place names in three tiers, each from the zoom where it stops crowding the map: big cities on the
 * national view, cities from the state view, every town from the county view. Within a tier the larger
 * place wins a collision (`symbol-sort-key`). No `text-font` file exists offline: with no glyphs URL in
 * the style, MapLibre draws the letters with the browser's own sans-serif.
 */
const TIERS = [
  { id: 'places-major', minzoom: 3, min: 250_000, max: Infinity, size: 13 },
  { id: 'places-city', minzoom: 5.5, min: 50_000, max: 250_000, size: 12 },
  { id: 'places-town', minzoom: 7.5, min: 0, max: 50_000, size: 11 },
] as const;

export const PLACE_LAYERS: Array<NoSource<SymbolLayerSpecification>> = TIERS.map((t) => ({
  id: t.id,
  type: 'symbol',
  minzoom: t.minzoom,
  filter: ['all', ['>=', ['get', 'p'], t.min], ['<', ['get', 'p'], t.max === Infinity ? Number.MAX_SAFE_INTEGER : t.max]] as never,
  layout: {
    'text-field': ['get', 'n'] as never,
    'text-font': ['sans-serif'],
    'text-size': t.size,
    'text-max-width': 8,
    'text-padding': 3,
    'symbol-sort-key': ['-', ['get', 'p']] as never,
  },
  paint: { 'text-color': '#1f2d3a', 'text-halo-color': 'rgba(255,255,255,0.9)', 'text-halo-width': 1.5 },
}));

export const PLACE_LAYER_IDS = PLACE_LAYERS.map((l) => l.id);
