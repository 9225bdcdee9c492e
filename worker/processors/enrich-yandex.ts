import type { Db } from "@/db/client";
import { decrypt } from "@/lib/crypto";
import { log } from "@/lib/log";
import { isProviderError } from "@/lib/providers/errors";
import { YandexClient } from "@/lib/providers/yandex/rest";
import { externalIdOf, listenerConnection } from "./enrich-access";
import type { LyricsFound } from "./enrich-track";

/** One Yandex track as enrichment sees it: one /tracks call gives both the album genre and the lyrics flags. */
export type YandexView = {
  /** The album's genre slug from Yandex's own taxonomy (`rusrap`, `pop`, …), when it has one. */
  genre: string | null;
  /** Yandex lyrics, LRC preferred; null = Yandex has none; "unavailable" = the source does not work for us now. */
  lyrics(): Promise<LyricsFound | null | "unavailable">;
};

// The signing key comes from the Android app and may stop working (lyrics-api.md §3): after an `Invalid Sign`
// the source rests for an hour and the owner is told once, instead of one failed call per track.
const SIGN_REST_MS = 3600_000;
let signBrokenUntil = 0;
let signWarned = false;

/** The Yandex view of our track, through a listener's token; null when it has no Yandex id or no such user. */
export async function yandexView(db: Db, trackId: number): Promise<YandexView | null> {
  const id = await externalIdOf(db, "yandex", "track", trackId);
  if (!id) return null;
  const conn = await listenerConnection(db, trackId, "yandex");
  if (!conn) return null;
  const client = new YandexClient(decrypt(conn.accessTokenEnc));
  let facts: Awaited<ReturnType<YandexClient["trackFacts"]>>;
  try {
    facts = await client.trackFacts(id);
  } catch (err) {
    // A rejected token is the poll's business (needs_reauth); enrichment just goes without Yandex.
    if (isProviderError(err, "auth") || isProviderError(err, "config")) return null;
    throw err;
  }
  if (!facts) return null;
  const format = facts.syncLyrics ? "LRC" : facts.textLyrics ? "TEXT" : null;
  return {
    genre: facts.genre,
    lyrics: async () => (format ? fetchLyrics(client, id, format) : null),
  };
}

async function fetchLyrics(
  client: YandexClient,
  id: string,
  format: "LRC" | "TEXT",
): Promise<LyricsFound | null | "unavailable"> {
  if (signBrokenUntil > Date.now()) return "unavailable";
  let got: Awaited<ReturnType<YandexClient["lyrics"]>>;
  try {
    got = await client.lyrics(id, format);
  } catch (err) {
    const badSign = isProviderError(err, "invalid") && err.info.reason === "Invalid Sign";
    if (badSign || isProviderError(err, "config")) {
      if (badSign) signBrokenUntil = Date.now() + SIGN_REST_MS;
      if (!signWarned) {
        signWarned = true;
        log.warn("Yandex lyrics unavailable: check YANDEX_LYRICS_SIGN_KEY", {
          reason: (err as Error).message,
        });
      }
      return "unavailable";
    }
    throw err;
  }
  if (!got?.text.trim()) return null;
  const found = {
    source: "yandex" as const,
    id: got.id ?? id,
    credits: {
      ...(got.writers.length ? { writers: got.writers } : {}),
      ...(got.provider ? { provider: got.provider } : {}),
    },
  };
  if (format === "TEXT") return { ...found, outcome: "plain", plain: got.text, synced: null };
  return { ...found, outcome: "synced", plain: lrcToPlain(got.text), synced: got.text };
}

/** Plain text from LRC: time and ID tags dropped, word-level tags stripped, empty pause lines skipped. */
export function lrcToPlain(lrc: string): string {
  const lines = lrc
    .split(/\r?\n/)
    .filter((l) => /^\s*\[\d+:\d/.test(l))
    .map((l) =>
      l
        .replace(/^(\s*\[[^\]]*\])+\s?/, "")
        .replace(/<\d+:\d+(\.\d+)?>/g, "")
        .trim(),
    )
    .filter(Boolean);
  return lines.length ? `${lines.join("\n")}\n` : "";
}
