/**
 * A minimal valid PMTiles v3 archive, built by hand (the `pmtiles` package reads archives but has no
 * writer): a 127-byte header, an uncompressed root directory, JSON metadata and the given tiles, each
 * stored once. Enough for the real reader to find every tile, small enough to reason about byte ranges.
 */
import { zxyToTileId } from 'pmtiles';

const HEADER_BYTES = 127;
const COMPRESSION_NONE = 1;
/** PMTiles' tile types: 1 vector (MVT), 2 PNG. */
export const TILE_TYPE = { MVT: 1, PNG: 2 } as const;

function varints(values: number[]): number[] {
  const out: number[] = [];
  for (let v of values) {
    while (v >= 0x80) {
      out.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(v);
  }
  return out;
}

export interface TinyTile {
  z: number;
  x: number;
  y: number;
  data: Uint8Array;
}

export function pmtilesArchive(tiles: TinyTile[], metadata: Record<string, unknown> = { name: 'test' }, tileType: number = TILE_TYPE.PNG): Buffer {
  const sorted = tiles.map((t) => ({ id: zxyToTileId(t.z, t.x, t.y), data: t.data })).sort((a, b) => a.id - b.id);
  // Directory: count, then id deltas, run lengths, lengths, offsets (0 = right after the previous tile).
  let lastId = 0;
  const dir = varints([
    sorted.length,
    ...sorted.map((t) => {
      const d = t.id - lastId;
      lastId = t.id;
      return d;
    }),
    ...sorted.map(() => 1),
    ...sorted.map((t) => t.data.length),
    ...sorted.map((_t, i) => (i === 0 ? 1 : 0)),
  ]);
  const meta = Buffer.from(JSON.stringify(metadata));
  const data = Buffer.concat(sorted.map((t) => t.data));
  const rootOffset = HEADER_BYTES;
  const metaOffset = rootOffset + dir.length;
  const dataOffset = metaOffset + meta.length;

  const h = Buffer.alloc(HEADER_BYTES);
  h.write('PMTiles', 0, 'ascii');
  h.writeUInt8(3, 7);
  const u64 = (at: number, v: number) => h.writeBigUInt64LE(BigInt(v), at);
  u64(8, rootOffset);
  u64(16, dir.length);
  u64(24, metaOffset);
  u64(32, meta.length);
  u64(40, dataOffset + data.length); // no leaf directories
  u64(48, 0);
  u64(56, dataOffset);
  u64(64, data.length);
  u64(72, sorted.length);
  u64(80, sorted.length);
  u64(88, sorted.length);
  h.writeUInt8(1, 96); // clustered
  h.writeUInt8(COMPRESSION_NONE, 97);
  h.writeUInt8(COMPRESSION_NONE, 98);
  h.writeUInt8(tileType, 99);
  h.writeUInt8(Math.min(...tiles.map((t) => t.z)), 100);
  h.writeUInt8(Math.max(...tiles.map((t) => t.z)), 101);
  h.writeInt32LE(-180e7, 102);
  h.writeInt32LE(-85e7, 106);
  h.writeInt32LE(180e7, 110);
  h.writeInt32LE(85e7, 114);
  h.writeUInt8(0, 118);
  h.writeInt32LE(0, 119);
  h.writeInt32LE(0, 123);
  return Buffer.concat([h, Buffer.from(dir), meta, data]);
}
