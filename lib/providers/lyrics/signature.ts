import { createHash } from "node:crypto";

/** What LRCLIB matches on (lyrics-api.md §4.1): first artist only, duration in whole seconds. */
export type LyricsSignature = {
  track: string;
  artist: string;
  album: string | null;
  durationS: number | null;
};

/** LRCLIB's own normalisation (§1.1): equality after this is what its /api/get means by a match. */
export function lrclibNormalize(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[`~!@#$%^&*()_|+\-=?;:",.<>{}[\]\\/]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * The cache key shared by every track that is this song, whichever service it came from. The album is
 * left out (Spotify and Yandex name albums differently) and the duration is bucketed to 5 s.
 */
export function signatureHash(sig: LyricsSignature): string {
  const dur = sig.durationS ? String(Math.round(sig.durationS / 5)) : "";
  const raw = [lrclibNormalize(sig.artist), lrclibNormalize(sig.track), dur].join("|");
  return createHash("sha256").update(raw).digest("hex").slice(0, 32);
}
