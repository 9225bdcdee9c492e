import { readFile } from "node:fs/promises";
import path from "node:path";

/*
 * Fonts for the share images, read from the installed @fontsource/noto-sans (SIL OFL): the server never
 * fetches a font from the internet, and next/og's bundled font has no Cyrillic. satori reads WOFF (not
 * WOFF2) and falls back glyph by glyph across fonts of one family, so the Latin and Cyrillic subsets are
 * both given.
 */
const DIR = path.join(process.cwd(), "node_modules/@fontsource/noto-sans/files");
const FILES = ["latin", "latin-ext", "cyrillic"].flatMap((subset) =>
  ([400, 700] as const).map((weight) => ({ subset, weight })),
);

type Font = { name: string; data: ArrayBuffer; weight: 400 | 700; style: "normal" };
let loaded: Promise<Font[]> | null = null;

export function recapFonts(): Promise<Font[]> {
  loaded ??= Promise.all(
    FILES.map(async ({ subset, weight }) => {
      const buf = await readFile(path.join(DIR, `noto-sans-${subset}-${weight}-normal.woff`));
      const data = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
      return { name: "Noto Sans", data, weight, style: "normal" as const };
    }),
  ).catch((err) => {
    loaded = null;
    throw err;
  });
  return loaded;
}
