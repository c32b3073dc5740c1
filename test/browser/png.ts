/**
 * A minimal PNG decoder for the screenshots Chromium takes (8-bit RGB or RGBA,
 * not interlaced), so tests can look at pixels without an image library.
 */
import { inflateSync } from 'node:zlib';

export interface Pixels {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, row after row. */
  rgba: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function decodePng(png: Buffer): Pixels {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG');
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colour, , , interlace] = [data[8], data[9], data[10], data[11], data[12]];
      if (depth !== 8 || interlace !== 0 || (colour !== 2 && colour !== 6))
        throw new Error(`unsupported PNG: depth ${depth}, colour type ${colour}, interlace ${interlace}`);
      channels = colour === 6 ? 4 : 3;
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const rows = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? (rows[out + x - channels] as number) : 0;
      const b = y > 0 ? (rows[out - stride + x] as number) : 0;
      const c = x >= channels && y > 0 ? (rows[out - stride + x - channels] as number) : 0;
      const v = line[x] as number;
      let predicted = 0;
      if (filter === 1) predicted = a;
      else if (filter === 2) predicted = b;
      else if (filter === 3) predicted = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (filter !== 0) throw new Error(`bad PNG filter ${filter}`);
      rows[out + x] = (v + predicted) & 0xff;
    }
  }
  if (channels === 4) return { width, height, rgba: rows };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < rows.length; i += 3, j += 4) {
    rgba[j] = rows[i] as number;
    rgba[j + 1] = rows[i + 1] as number;
    rgba[j + 2] = rows[i + 2] as number;
    rgba[j + 3] = 255;
  }
  return { width, height, rgba };
}

/** How an image differs from a flat background: distinct colours, and the share of pixels far from the most common colour. */
export function pixelStats(image: Pixels): { colours: number; nonBackground: number } {
  const counts = new Map<number, number>();
  const { rgba } = image;
  for (let i = 0; i < rgba.length; i += 4) {
    const key = ((rgba[i] as number) << 16) | ((rgba[i + 1] as number) << 8) | (rgba[i + 2] as number);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let background = 0;
  let most = -1;
  for (const [key, n] of counts) {
    if (n > most) {
      most = n;
      background = key;
    }
  }
  const [br, bg, bb] = [background >> 16, (background >> 8) & 0xff, background & 0xff];
  let far = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    const d = Math.abs((rgba[i] as number) - br) + Math.abs((rgba[i + 1] as number) - bg) + Math.abs((rgba[i + 2] as number) - bb);
    if (d > 48) far++;
  }
  return { colours: counts.size, nonBackground: far / (image.width * image.height) };
}

/** The share of pixels that differ (by more than a small tolerance) between two images of the same size. */
export function differingShare(a: Pixels, b: Pixels): number {
  if (a.width !== b.width || a.height !== b.height) return 1;
  let differ = 0;
  for (let i = 0; i < a.rgba.length; i += 4) {
    const d =
      Math.abs((a.rgba[i] as number) - (b.rgba[i] as number)) +
      Math.abs((a.rgba[i + 1] as number) - (b.rgba[i + 1] as number)) +
      Math.abs((a.rgba[i + 2] as number) - (b.rgba[i + 2] as number));
    if (d > 24) differ++;
  }
  return differ / (a.width * a.height);
}
