"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { useSourceName } from "@/components/now-playing/source-names";
import { input, label } from "@/components/ui/styles";
import { useAdminQuery } from "./api";
import type { UserPage } from "./user-actions";

export type ListenFilters = { userId?: string; source?: string; origin?: string; from?: string; to?: string };

/** Dates are picked as local days and sent as UTC instants: [from 00:00, to+1 00:00). */
function toRange(from: string, to: string) {
  const day = (s: string, plus = 0) => {
    const d = new Date(`${s}T00:00:00`);
    d.setDate(d.getDate() + plus);
    return d.toISOString();
  };
  return { from: from ? day(from) : undefined, to: to ? day(to, 1) : undefined };
}

export function ListenFiltersForm({ onChange }: { onChange: (f: ListenFilters) => void }) {
  const t = useTranslations("admin");
  const sourceName = useSourceName();
  const [f, setF] = useState({ userId: "", source: "", origin: "", from: "", to: "" });
  const users = useAdminQuery<UserPage>("/api/admin/users?pageSize=100");
  const set = (patch: Partial<typeof f>) => {
    const next = { ...f, ...patch };
    setF(next);
    onChange({
      userId: next.userId || undefined,
      source: next.source || undefined,
      origin: next.origin || undefined,
      ...toRange(next.from, next.to),
    });
  };
  const select = (id: keyof typeof f, text: string, options: [string, string][]) => (
    <div>
      <label htmlFor={`lf-${id}`} className={label}>
        {text}
      </label>
      <select id={`lf-${id}`} className={input} value={f[id]} onChange={(e) => set({ [id]: e.target.value })}>
        <option value="">{t("any")}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-5">
      {select(
        "userId",
        t("user"),
        (users.data?.items ?? []).map((u) => [String(u.id), u.username]),
      )}
      {select("source", t("source"), [
        ["spotify", "Spotify"],
        ["yandex", "Yandex"],
        ["import", t("originImport")],
        ["listenbrainz-api", sourceName("listenbrainz-api")],
      ])}
      {select("origin", t("origin"), [
        ["live", t("originLive")],
        ["history", t("originHistory")],
        ["import", t("originImport")],
      ])}
      {(["from", "to"] as const).map((k) => (
        <div key={k}>
          <label htmlFor={`lf-${k}`} className={label}>
            {t(k === "from" ? "dateFrom" : "dateTo")}
          </label>
          <input
            id={`lf-${k}`}
            type="date"
            className={input}
            value={f[k]}
            onChange={(e) => set({ [k]: e.target.value })}
          />
        </div>
      ))}
    </div>
  );
}
