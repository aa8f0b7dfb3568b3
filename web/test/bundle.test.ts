import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import type { Rolldown } from 'vite';

/**
 * The production build (`npm run build:web`, built here in memory): what a browser downloads. It must
 * carry none of the end-to-end tests' handles, and a console on the default map (MapLibre) must never
 * download Mapbox GL, which only a deployment with a Mapbox token uses.
 */
type Output = Rolldown.RolldownOutput['output'][number];
type Chunk = Extract<Output, { type: 'chunk' }>;

async function productionBuild(): Promise<Output[]> {
  const { build } = await import('vite');
  // Vite builds for production only when NODE_ENV is unset or "production"; vitest sets it to "test".
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    const result = await build({ configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)), logLevel: 'silent', build: { write: false } });
    return (Array.isArray(result) ? result : [result]).flatMap((r) => ('output' in r ? r.output : []));
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

/**
 * The chunks a browser loads for `start` beyond those it has (`loaded`): its static imports and, with
 * `followDynamic`, what those load on demand (a GL library's own lazy parts).
 */
function loads(chunks: ReadonlyMap<string, Chunk>, start: Chunk, followDynamic: boolean, loaded: ReadonlySet<Chunk> = new Set()): Set<Chunk> {
  const seen = new Set<Chunk>();
  const visit = (c: Chunk) => {
    if (seen.has(c) || loaded.has(c)) return;
    seen.add(c);
    for (const f of [...c.imports, ...(followDynamic ? c.dynamicImports : [])]) visit(chunks.get(f)!);
  };
  visit(start);
  return seen;
}

const size = (set: Set<Chunk>) => Math.round([...set].reduce((n, c) => n + c.code.length, 0) / 1024);
const hasModule = (set: Set<Chunk>, pkg: string) => [...set].some((c) => c.moduleIds.some((m: string) => m.includes(`/node_modules/${pkg}/`)));

describe('the production web bundle', () => {
  it('has no test hooks, and the MapLibre console never loads mapbox-gl (only the Mapbox flavour does)', async () => {
    const output = await productionBuild();
    const text = (o: Output) => (o.type === 'chunk' ? o.code : typeof o.source === 'string' ? o.source : Buffer.from(o.source).toString('latin1'));
    expect(output.length).toBeGreaterThan(5);
    expect(output.filter((o) => text(o).includes('__alertaMap')).map((o) => o.fileName)).toEqual([]);

    const chunks = new Map(output.filter((o): o is Chunk => o.type === 'chunk').map((c) => [c.fileName, c]));
    const byModule = (suffix: string) => [...chunks.values()].find((c) => c.facadeModuleId?.endsWith(suffix))!;
    const entry = [...chunks.values()].find((c) => c.isEntry)!;
    const page = loads(chunks, entry, false);
    const maplibre = loads(chunks, byModule('/web/src/map/MaplibreMap.tsx'), true, page);
    const mapbox = loads(chunks, byModule('/web/src/map/MapboxMap.tsx'), true, page);
    // Not found at all would pass the next line vacuously: each flavour's library is where it should be.
    expect(hasModule(maplibre, 'maplibre-gl')).toBe(true);
    expect(hasModule(mapbox, 'mapbox-gl')).toBe(true);
    expect(hasModule(new Set([...page, ...maplibre]), 'mapbox-gl')).toBe(false);
    expect(hasModule(page, 'maplibre-gl')).toBe(false);
    console.log(`page ${size(page)} kB, + MapLibre ${size(maplibre)} kB, + Mapbox ${size(mapbox)} kB`);
  });
});
