"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import type { Suggestion } from "@/lib/stats/for-you";
import { type Filters, useApi } from "../stats/api";
import { Cover, Panel, QueryState } from "../stats/ui";

/** "For you": suggestions from the user's own history, each with its reason (replaces the original's fixed card). */
export function ForYou({ filters, heading }: { filters: Filters; heading?: string }) {
  const t = useTranslations("stats.forYou");
  const q = useApi<{ items: Suggestion[] }>("/api/stats/for-you", { source: filters.source });
  const items = q.data?.items ?? [];
  return (
    <Panel
      title={heading ?? t("title")}
      actions={
        <Link href="/likes" className="text-sm text-accent hover:underline">
          {t("likes")}
        </Link>
      }
    >
      <QueryState isPending={q.isPending} isError={q.isError} isEmpty={items.length === 0} rows={4}>
        <ul className="grid gap-2 sm:grid-cols-2">
          {items.map((s) => (
            <li key={`${s.reason}-${s.track_id}`}>
              <Link
                href={`/track/${s.track_id}`}
                className="flex items-center gap-3 rounded-lg p-1.5 hover:bg-card-2"
              >
                <Cover src={s.cover} name={s.title} size={44} />
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-medium">{s.title}</span>
                  <span className="block truncate text-xs text-muted">{s.artist}</span>
                  <span className="mt-0.5 inline-block rounded-full bg-card-2 px-2 text-[11px] text-muted">
                    {t(`reasons.${s.reason}`, { count: s.plays })}
                  </span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </QueryState>
    </Panel>
  );
}
