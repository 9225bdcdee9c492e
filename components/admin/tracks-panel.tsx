"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { useSourceName } from "@/components/now-playing/source-names";
import { Cover } from "@/components/stats/ui";
import { buttonPrimary, buttonSmall, input, label, tap } from "@/components/ui/styles";
import { useFormat } from "@/components/ui/use-format";
import type { listTracks } from "@/lib/admin/tracks";
import { type ApiResult, withQuery } from "@/lib/client/fetch";
import { useAdminQuery } from "./api";
import { type Column, DataList } from "./data-list";
import { MergeDialog } from "./merge-dialog";
import { Pager } from "./pager";
import { TrackEditor } from "./track-editor";

type TrackPage = ApiResult<typeof listTracks>;
export type AdminTrack = TrackPage["items"][number];

export function TracksPanel() {
  const t = useTranslations("admin");
  const f = useFormat();
  const sourceName = useSourceName();
  const [q, setQ] = useState("");
  const [sort, setSort] = useState("recent");
  const [page, setPage] = useState(1);
  const [picked, setPicked] = useState<AdminTrack[]>([]);
  const [editing, setEditing] = useState<number | null>(null);
  const [merging, setMerging] = useState(false);
  const { data, isFetching } = useAdminQuery<TrackPage>(
    withQuery("/api/admin/tracks", { q, sort, page, pageSize: 20 }),
  );
  const isPicked = (tr: AdminTrack) => picked.some((p) => p.id === tr.id);
  const toggle = (tr: AdminTrack) =>
    setPicked((p) => (isPicked(tr) ? p.filter((x) => x.id !== tr.id) : [...p, tr].slice(-2)));

  const columns: Column<AdminTrack>[] = [
    {
      key: "title",
      data: true,
      header: t("track"),
      primary: true,
      cell: (tr) => (
        <div className="flex items-center gap-3">
          <Cover src={tr.coverUrl} name={tr.title} size={40} />
          <div className="min-w-0">
            <div className="font-medium">{tr.title}</div>
            <div className="text-sm text-muted">{tr.artistLine}</div>
          </div>
        </div>
      ),
    },
    { key: "album", data: true, header: t("album"), cell: (tr) => tr.album ?? "—" },
    {
      key: "isrc",
      data: true,
      header: "ISRC",
      cell: (tr) => <code className="text-xs">{tr.isrc ?? "—"}</code>,
    },
    { key: "plays", header: t("plays"), cell: (tr) => f.number(tr.plays) },
    {
      key: "providers",
      header: t("services"),
      cell: (tr) => tr.providers.map(sourceName).join(", ") || "—",
    },
    {
      key: "actions",
      header: t("actions"),
      cell: (tr) => (
        <div className="flex flex-wrap items-center gap-2">
          <button
            type="button"
            className={buttonSmall}
            aria-label={t("editTrack", { title: tr.title })}
            onClick={() => setEditing(tr.id)}
          >
            {t("edit")}
          </button>
          <label className={`flex min-h-9 items-center gap-2 text-sm ${tap}`}>
            <input
              type="checkbox"
              className="h-5 w-5 accent-accent"
              checked={isPicked(tr)}
              onChange={() => toggle(tr)}
              aria-label={t("pickForMerge", { title: tr.title, id: tr.id })}
            />
            <span aria-hidden>{t("merge")}</span>
          </label>
        </div>
      ),
    },
  ];

  return (
    <section className="space-y-4 rounded-2xl border border-line bg-card p-5" aria-labelledby="tracks-title">
      <h2 id="tracks-title" className="text-lg font-semibold">
        {t("tracks")}
      </h2>
      <div className="grid gap-3 sm:grid-cols-[2fr_1fr_auto] sm:items-end">
        <div>
          <label htmlFor="track-search" className={label}>
            {t("searchTracks")}
          </label>
          <input
            id="track-search"
            type="search"
            className={input}
            value={q}
            placeholder={t("searchTracksHint")}
            onChange={(e) => {
              setQ(e.target.value);
              setPage(1);
            }}
          />
        </div>
        <div>
          <label htmlFor="track-sort" className={label}>
            {t("sortBy")}
          </label>
          <select id="track-sort" className={input} value={sort} onChange={(e) => setSort(e.target.value)}>
            <option value="recent">{t("sortNewest")}</option>
            <option value="plays">{t("sortPlays")}</option>
            <option value="title">{t("sortTitle")}</option>
          </select>
        </div>
        <button
          type="button"
          className={buttonPrimary}
          disabled={picked.length !== 2}
          onClick={() => setMerging(true)}
        >
          {t("mergeSelected", { n: picked.length })}
        </button>
      </div>
      <DataList
        label={t("tracks")}
        columns={columns}
        rows={data?.items ?? []}
        rowKey={(tr) => tr.id}
        empty={t("noTracks")}
        loading={isFetching}
      />
      {data && <Pager page={data.page} pageSize={data.pageSize} total={data.total} onPage={setPage} />}
      <TrackEditor trackId={editing} onClose={() => setEditing(null)} />
      <MergeDialog
        open={merging}
        tracks={picked}
        onClose={() => setMerging(false)}
        onMerged={() => {
          setMerging(false);
          setPicked([]);
        }}
      />
    </section>
  );
}
