import { readFile } from "node:fs/promises";
import path from "node:path";

/*
 * Fonts for the share images, read from the installed @fontsource/noto-sans (SIL OFL): the server never
 * fetches a font from the internet, and next/og's bundled font has no Cyrillic. satori reads WOFF (not
 * WOFF2) and keeps one font per name and weight, so each subset is its own family and the images name
 * them all (RECAP_FONT_FAMILY): a glyph missing from one is taken from the next.
 */
const DIR = path.join(process.cwd(), "node_modules/@fontsource/noto-sans/files");
const FILES = ["latin", "latin-ext", "cyrillic"].flatMap((subset) =>
  ([400, 700] as const).map((weight) => ({ subset, weight })),
);

export const RECAP_FONT_FAMILY = ["latin", "latin-ext", "cyrillic"].map((s) => `"Noto Sans ${s}"`).join(", ");

type Font = { name: string; data: ArrayBuffer; weight: 400 | 700; style: "normal" };
let loaded: Promise<Font[]> | null = null;

export function recapFonts(): Promise<Font[]> {
  loaded ??= Promise.all(
    FILES.map(async ({ subset, weight }) => {
      const buf = await readFile(path.join(DIR, `noto-sans-${subset}-${weight}-normal.woff`));
      const data = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
      return { name: `Noto Sans ${subset}`, data, weight, style: "normal" as const };
    }),
  ).catch((err) => {
    loaded = null;
    throw err;
  });
  return loaded;
}
