"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useApi } from "@/components/stats/api";
import { Cover } from "@/components/stats/ui";
import { buttonSmall } from "@/components/ui/styles";
import { apiFetch } from "@/lib/client/fetch";
import type { listExclusions } from "@/lib/stats/exclusions";

const PATH = "/api/stats/exclusions";

/** Settings card: what the user hid from their stats (lib/stats/exclusions.ts), each with "show again". */
export function HiddenFromStats() {
  const t = useTranslations("exclusions");
  const queries = useQueryClient();
  const { data } = useApi<Awaited<ReturnType<typeof listExclusions>>>(PATH);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(false);

  async function show(kind: "artist" | "track", id: number) {
    setBusy(true);
    setError(false);
    try {
      await apiFetch(PATH, { method: "DELETE", params: { kind, id } });
      // Every statistic may change: drop them all, not just this list.
      await queries.invalidateQueries();
    } catch {
      setError(true);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="space-y-4" aria-labelledby="hidden-title">
      <h2 id="hidden-title" className="text-lg font-semibold">
        {t("title")}
      </h2>
      <p className="text-sm text-muted">{t("intro")}</p>
      {error && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {t("failed")}
        </p>
      )}
      {data && !data.items.length && <p className="text-sm text-muted">{t("none")}</p>}
      {data && data.items.length > 0 && (
        <ul className="divide-y divide-line">
          {data.items.map((e) => (
            <li key={`${e.kind}:${e.id}`} className="flex items-center gap-3 py-2">
              <Cover src={e.cover} name={e.name} size={40} />
              <Link
                href={`/${e.kind}/${e.id}`}
                className="flex min-h-11 min-w-0 flex-1 flex-col justify-center hover:underline"
              >
                <span translate="no" className="block font-medium break-words">
                  {e.name}
                </span>
                <span className="block text-xs text-muted">
                  {t(e.kind)} · {t("listens", { count: e.listens })}
                </span>
              </Link>
              <button
                type="button"
                disabled={busy}
                className={`${buttonSmall} min-h-11 shrink-0`}
                aria-label={t("showLabel", { name: e.name })}
                onClick={() => void show(e.kind, e.id)}
              >
                {t("showShort")}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
