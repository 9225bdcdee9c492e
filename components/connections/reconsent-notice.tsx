"use client";

import { useTranslations } from "next-intl";
import { useSourceNames } from "@/components/now-playing/source-names";
import { useFormat } from "@/components/ui/use-format";
import { reconsentBy } from "@/lib/connections/consent";

/**
 * Spotify's consent lasts 6 months and refreshing never extends it: a few days ahead, say when it ends and
 * offer the reconnect that renews it. Nothing outside the warning window.
 */
export function ReconsentNotice({
  provider,
  expiresAt,
}: {
  provider: "spotify" | "yandex";
  expiresAt: string | null | undefined;
}) {
  const t = useTranslations("ui.reconsent");
  const SOURCE_NAMES = useSourceNames();
  const format = useFormat();
  const due = reconsentBy(expiresAt);
  if (!due) return null;
  const service = SOURCE_NAMES[provider];
  const date = format.date(due.expiresAt);
  return (
    <div
      role="status"
      data-testid={`reconsent-${provider}`}
      className="flex flex-col gap-3 rounded-xl border border-amber-500/50 bg-amber-500/10 p-3 text-sm sm:flex-row sm:items-center sm:justify-between"
    >
      <p className="min-w-0">
        {due.expired ? t("expired", { service, date }) : t("soon", { service, date, days: due.daysLeft })}
      </p>
      <a
        href={provider === "spotify" ? "/spotify/connect" : "/yandex/connect"}
        className="inline-flex min-h-11 shrink-0 items-center self-start rounded-xl bg-gradient-to-r from-accent to-accent-2 px-4 font-semibold text-white"
      >
        {t("action", { service })}
      </a>
    </div>
  );
}
