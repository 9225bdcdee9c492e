import { createHash } from "node:crypto";

/**
 * Normalisation shared by catalog matching and cross-source dedup (listening-rules.md §7): two spellings
 * of one song ("Song - Remastered 2011", "Song (Remastered)", "Sóng feat. X") must compare equal.
 */

// Version suffixes that name the same recording: "- Remastered 2011", "(Radio Edit)", "[Album Version]".
const VERSION_WORDS =
  "remaster(?:ed)?|\\d{4} remaster(?:ed)?|radio edit|album version|single version|original mix|mono|stereo|explicit|clean|bonus track|deluxe(?: edition)?";
const BRACKETED_VERSION = new RegExp(`[([][^)\\]]*\\b(?:${VERSION_WORDS})\\b[^)\\]]*[)\\]]`, "giu");
const DASH_VERSION = new RegExp(`\\s+-\\s+[^-]*\\b(?:${VERSION_WORDS})\\b.*$`, "iu");
const FEAT = /[([]?\s*\b(?:feat|ft|featuring)\b\.?\s.*?(?:[)\]]|$)/giu;

function fold(s: string): string {
  return (
    s
      .normalize("NFKD")
      // Combining marks go, so "Beyoncé" = "Beyonce"; Cyrillic й → и is fine because both sides fold alike.
      .replace(/\p{M}+/gu, "")
      .toLowerCase()
      .replace(/&/g, " and ")
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim()
      .replace(/\s+/g, " ")
  );
}

/** Lowercase, no diacritics or punctuation, no feat./version clauses, tokens sorted. */
export function normalizeTitle(title: string): string {
  const stripped = title.replace(BRACKETED_VERSION, " ").replace(DASH_VERSION, " ").replace(FEAT, " ");
  const folded = fold(stripped) || fold(title);
  return folded.split(" ").sort().join(" ");
}

/** Artist names keep their word order ("The Beatles" ≠ "Beatles The" matters less than speed here). */
export function normalizeArtist(name: string): string {
  return fold(name.replace(FEAT, " ")) || fold(name);
}

/** Splits a credit line such as "A feat. B", "A & B", "A, B" into individual names. */
export function splitArtistCredit(credit: string): string[] {
  const parts = credit
    .split(/\s*(?:,|;|\s&\s|\sx\s|\s(?:feat|ft|featuring)\.?\s|\s\/\s)\s*/iu)
    .map((p) => p.trim())
    .filter(Boolean);
  return parts.length ? parts : [credit.trim()];
}

/** Deterministic key for items that have no provider id (local files, name-only import rows). */
export function metadataKey(parts: {
  artists: string[];
  title: string;
  album?: string | null;
  durationMs?: number | null;
}): string {
  const dur = parts.durationMs ? String(Math.round(parts.durationMs / 2000) * 2) : "";
  const raw = [
    parts.artists.map(normalizeArtist).join(","),
    normalizeTitle(parts.title),
    parts.album ? normalizeTitle(parts.album) : "",
    dur,
  ].join("|");
  return `meta:${createHash("sha1").update(raw).digest("base64url")}`;
}

/** Dice coefficient on bigrams: tolerant comparison for "corrected" Last.fm names. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const grams = new Map<string, number>();
  for (let i = 0; i < a.length - 1; i++) {
    const g = a.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  let hits = 0;
  for (let i = 0; i < b.length - 1; i++) {
    const g = b.slice(i, i + 2);
    const n = grams.get(g) ?? 0;
    if (n > 0) {
      grams.set(g, n - 1);
      hits++;
    }
  }
  return (2 * hits) / (a.length + b.length - 2);
}
