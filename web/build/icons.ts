/**
 * Draws the installed app's icons (the person's red alert button with a white "!") as real PNGs, with no
 * image library and nothing downloaded: `npm run icons` writes web/public/icons/. Chromium asks for 192 and
 * 512 px; the maskable ones keep the drawing inside the central 80 % safe zone on a full-bleed background,
 * because launchers crop them to circles or squircles.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

type Rgb = readonly [number, number, number];
const WHITE: Rgb = [255, 255, 255];
const RED: Rgb = [196, 0, 0]; // the alert button's #c40000
const DARK_RED: Rgb = [92, 0, 0]; // its #5c0000 rim
const GREEN: Rgb = [11, 42, 31]; // the field header's #0b2a1f

export interface IconSpec {
  file: string;
  size: number;
  maskable: boolean;
}

export const ICONS: readonly IconSpec[] = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'maskable-192.png', size: 192, maskable: true },
  { file: 'maskable-512.png', size: 512, maskable: true },
];

/** Coverage of a pixel by a shape, sampled 4×4 so the edges are smooth. */
function coverage(inside: (x: number, y: number) => boolean, px: number, py: number): number {
  let n = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (inside(px + (i + 0.5) / 4, py + (j + 0.5) / 4)) n++;
  return n / 16;
}

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * t)) as unknown as Rgb;

/** RGBA pixels of one icon. */
export function drawIcon(size: number, maskable: boolean): Uint8Array {
  const c = size / 2;
  // A plain icon fills most of its square (transparent corners); a maskable one stays inside r = 40 %.
  const outer = maskable ? size * 0.38 : size * 0.48;
  const inner = outer * 0.86;
  const bar = { w: outer * 0.22, top: c - outer * 0.55, bottom: c + outer * 0.12 };
  const dot = { y: c + outer * 0.38, r: outer * 0.13 };
  const inCircle = (r: number) => (x: number, y: number) => (x - c) ** 2 + (y - c) ** 2 <= r * r;
  const inMark = (x: number, y: number) =>
    (Math.abs(x - c) <= bar.w / 2 && y >= bar.top && y <= bar.bottom) || (x - c) ** 2 + (y - dot.y) ** 2 <= dot.r * dot.r;
  const px = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const rim = coverage(inCircle(outer), x, y);
      const face = coverage(inCircle(inner), x, y);
      const mark = coverage(inMark, x, y);
      let rgb: Rgb = maskable ? GREEN : WHITE;
      rgb = mix(rgb, DARK_RED, rim);
      rgb = mix(rgb, RED, face);
      rgb = mix(rgb, WHITE, mark);
      const o = (y * size + x) * 4;
      px.set(rgb, o);
      px[o + 3] = maskable ? 255 : Math.round(255 * rim);
    }
  }
  return px;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit RGBA PNG (PNG spec, ISO/IEC 15948): signature, IHDR, one zlib IDAT with filter 0 per row, IEND. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type 6 (RGBA), deflate, adaptive filtering, no interlace
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array(0))]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = fileURLToPath(new URL('../public/icons/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  for (const icon of ICONS) {
    const png = encodePng(icon.size, icon.size, drawIcon(icon.size, icon.maskable));
    writeFileSync(dir + icon.file, png);
    process.stdout.write(`${icon.file}: ${icon.size}×${icon.size}, ${png.length} bytes\n`);
  }
}
