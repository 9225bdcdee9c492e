"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { tapLink } from "@/components/ui/styles";
import type { Suggestion } from "@/lib/stats/for-you";
import { type Filters, useApi } from "../stats/api";
import { Panel, QueryState, TrackLink } from "../stats/ui";

/** "For you": suggestions from the user's own history, each with its reason (replaces the original's fixed card). */
export function ForYou({ filters, heading }: { filters: Filters; heading?: string }) {
  const t = useTranslations("stats.forYou");
  const q = useApi<{ items: Suggestion[] }>("/api/stats/for-you", { source: filters.source });
  const items = q.data?.items ?? [];
  return (
    <Panel
      title={heading ?? t("title")}
      actions={
        <Link href="/likes" className={`${tapLink} text-sm text-accent-ink hover:underline`}>
          {t("likes")}
        </Link>
      }
    >
      <QueryState isPending={q.isPending} isError={q.isError} isEmpty={items.length === 0} rows={4}>
        <ul className="grid gap-2 sm:grid-cols-2">
          {items.map((s) => (
            <li key={`${s.reason}-${s.track_id}`}>
              <TrackLink
                track={s}
                size={44}
                below={
                  <span className="mt-0.5 inline-block rounded-lg bg-card-2 px-2 py-0.5 text-[11px] text-muted">
                    {t(`reasons.${s.reason}`, { count: s.plays })}
                  </span>
                }
              />
            </li>
          ))}
        </ul>
      </QueryState>
    </Panel>
  );
}
