"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { buttonPrimary, buttonSecondary, input, label } from "@/components/ui/styles";
import type { AdminTrackDetail } from "@/lib/admin/tracks";
import { apiFetch, type Json } from "@/lib/client/fetch";
import { useAdminMutation } from "./api";
import { useErrorText } from "./error-text";

type Detail = Json<AdminTrackDetail>;

type Form = { title: string; artists: string; album: string; genres: string; coverUrl: string; isrc: string };

const toForm = (d: Detail): Form => ({
  title: d.title,
  artists: d.artists.map((a) => a.name).join("\n"),
  album: d.album ?? "",
  genres: [...new Set(d.genres.filter((g) => g.source === "manual").map((g) => g.genre))].join(", "),
  coverUrl: d.coverUrl ?? "",
  isrc: d.isrc ?? "",
});

// Artists one per line (names may contain commas); genres comma-separated.
const toPatch = (f: Form) => ({
  title: f.title,
  artists: f.artists
    .split("\n")
    .map((s) => s.trim())
    .filter(Boolean),
  album: f.album.trim() || null,
  genres: f.genres
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
  coverUrl: f.coverUrl.trim() || null,
  isrc: f.isrc.trim() || null,
});

export function TrackEditor({ trackId, onClose }: { trackId: number | null; onClose: () => void }) {
  const t = useTranslations("admin");
  const errorText = useErrorText();
  const ref = useRef<HTMLDialogElement>(null);
  const [form, setForm] = useState<Form | null>(null);
  const { data } = useQuery({
    queryKey: ["admin", "track", trackId],
    queryFn: () => apiFetch<Detail>(`/api/admin/tracks/${trackId}`),
    enabled: trackId !== null,
  });
  const save = useAdminMutation((f: Form) =>
    apiFetch<Detail>(`/api/admin/tracks/${trackId}`, { method: "PATCH", body: toPatch(f) }),
  );
  useEffect(() => {
    if (trackId !== null && !ref.current?.open) ref.current?.showModal();
    if (trackId === null && ref.current?.open) ref.current.close();
    save.reset();
  }, [trackId, save.reset]);
  useEffect(() => setForm(data ? toForm(data) : null), [data]);

  const field = (key: keyof Form, text: string, multiline = false) => (
    <div>
      <label htmlFor={`track-${key}`} className={label}>
        {text}
      </label>
      {multiline ? (
        <textarea
          id={`track-${key}`}
          rows={3}
          className={input}
          value={form?.[key] ?? ""}
          onChange={(e) => form && setForm({ ...form, [key]: e.target.value })}
        />
      ) : (
        <input
          id={`track-${key}`}
          className={input}
          value={form?.[key] ?? ""}
          onChange={(e) => form && setForm({ ...form, [key]: e.target.value })}
        />
      )}
    </div>
  );

  return (
    <dialog
      ref={ref}
      aria-labelledby="track-editor-title"
      onClose={onClose}
      className="m-auto w-[min(40rem,calc(100vw-2rem))] rounded-2xl border border-line bg-card p-5 text-fg backdrop:bg-black/50"
    >
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (form) save.mutate(form, { onSuccess: onClose });
        }}
      >
        <h2 id="track-editor-title" className="text-lg font-semibold">
          {t("editTrack", { title: data?.title ?? "" })}
        </h2>
        {data && (
          <p className="text-sm text-muted">
            {t("trackFacts", { plays: data.plays, likes: data.likes })} ·{" "}
            {data.providerIds.map((p) => `${p.provider}:${p.externalId}`).join(", ") || "—"}
          </p>
        )}
        {field("title", t("trackTitle"))}
        {field("artists", t("artistsOnePerLine"), true)}
        {field("album", t("album"))}
        {field("genres", t("genresComma"))}
        {data?.genres.some((g) => g.source !== "manual") && (
          <p className="text-xs text-muted">
            {t("genresFromServices", {
              list: data.genres
                .filter((g) => g.source !== "manual")
                .map((g) => `${g.genre} (${g.source})`)
                .join(", "),
            })}
          </p>
        )}
        {field("coverUrl", t("coverUrl"))}
        {field("isrc", "ISRC")}
        {save.error && (
          <p role="alert" className="text-sm text-red-600 dark:text-red-400">
            {errorText(save.error)}
          </p>
        )}
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <button type="button" className={buttonSecondary} onClick={onClose}>
            {t("cancel")}
          </button>
          <button type="submit" className={buttonPrimary} disabled={!form || save.isPending}>
            {t("save")}
          </button>
        </div>
      </form>
    </dialog>
  );
}
