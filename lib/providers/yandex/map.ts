import type { ProviderTrack } from "../types";
import type { YandexTrack } from "./schemas";

/** `avatars.yandex.net/…/%%` → https URL at `size` ("orig" like the original app, or "400x400"). */
export function coverUrl(uri: string | null | undefined, size = "orig"): string {
  if (!uri) return "";
  const url = `https://${uri.replace(/^https?:\/\//, "").replace("%%", size)}`;
  return /^https:\/\/[\w.-]+\//.test(url) ? url : "";
}

export function mapTrack(t: YandexTrack): ProviderTrack {
  const album = t.albums?.[0];
  return {
    provider: "yandex",
    externalId: t.id.split(":")[0] ?? t.id,
    title: t.title,
    version: t.version ?? undefined,
    artists: (t.artists ?? []).map((a) => ({ id: a.id ?? null, name: a.name })),
    album: album
      ? {
          id: album.id ?? null,
          title: album.title ?? "",
          genre: album.genre ?? undefined,
          releaseDate: album.releaseDate ?? (album.year ? String(album.year) : undefined),
        }
      : undefined,
    durationMs: t.durationMs ?? null,
    coverUrl: coverUrl(t.coverUri ?? album?.coverUri),
    isLocal: false,
    contentType: t.type ?? "music",
    url: album?.id ? `https://music.yandex.ru/album/${album.id}/track/${t.id}` : undefined,
  };
}
