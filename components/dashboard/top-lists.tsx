"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { tap, tapLink } from "@/components/ui/styles";
import { withQuery } from "@/lib/client/fetch";
import type { TopItem } from "@/lib/stats/top";
import { type Filters, filterQuery, useApi } from "../stats/api";
import { TopRows } from "../stats/top-rows";
import { Panel, QueryState } from "../stats/ui";

const KINDS = ["artists", "tracks", "albums", "genres"] as const;
type Kind = (typeof KINDS)[number];

export function TopLists({ filters }: { filters: Filters }) {
  const t = useTranslations("stats.top");
  const [kind, setKind] = useState<Kind>("artists");
  const [by, setBy] = useState<"plays" | "minutes">("plays");
  const q = useApi<{ items: TopItem[] }>("/api/stats/top", { ...filters, kind, by, pageSize: 10 });
  const actions = (
    <div className="flex min-w-0 max-w-full flex-wrap gap-2">
      {/* Wraps instead of scrolling: at 360 px in Russian the last tab (Genres) was off-screen. */}
      <div role="tablist" className="flex max-w-full flex-wrap gap-1 rounded-3xl border border-line p-1">
        {KINDS.map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={kind === k}
            onClick={() => setKind(k)}
            className={`min-h-8 rounded-full px-3 text-sm ${tap} ${kind === k ? "bg-gradient-to-r from-accent to-accent-2 text-white" : "text-muted hover:text-fg"}`}
          >
            {t(`kinds.${k}`)}
          </button>
        ))}
      </div>
      <button
        type="button"
        onClick={() => setBy(by === "plays" ? "minutes" : "plays")}
        className={`min-h-8 rounded-full border border-line px-3 text-sm text-muted hover:text-fg ${tap}`}
      >
        {t(by === "plays" ? "byPlays" : "byTime")}
      </button>
    </div>
  );
  return (
    <Panel title={t("title")} actions={actions}>
      <QueryState isPending={q.isPending} isError={q.isError} isEmpty={q.data?.items.length === 0} rows={6}>
        <TopRows kind={kind} by={by} items={q.data?.items ?? []} />
        <Link
          href={withQuery(`/top/${kind}`, { by, ...filterQuery(filters) })}
          className={`${tapLink} mt-3 text-sm font-medium text-accent-ink hover:underline pointer-coarse:min-w-11`}
        >
          {t("seeAll")} →
        </Link>
      </QueryState>
    </Panel>
  );
}
