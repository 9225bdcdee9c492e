"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { ConfirmDialog } from "@/components/admin/confirm-dialog";
import { buttonPrimary, buttonSmall, input, label } from "@/components/ui/styles";
import type { ShareSections } from "@/db/schema/share-links";
import { ApiError, apiFetch } from "@/lib/client/fetch";
import type { listShareLinks } from "@/lib/share/links";
import { ShownOnceToken } from "./shown-once-token";

type Links = { links: Awaited<ReturnType<typeof listShareLinks>> };
const RANGES = ["all", "year", "30d"] as const;
const KEY = ["share-links"];
const check = "flex min-h-11 items-center gap-3";

/** Settings card: public read-only links to chosen sections, shown once at creation, revocable. */
export function ShareLinks({ origin, years }: { origin: string; years: number[] }) {
  const t = useTranslations("shareLinks");
  const ts = useTranslations("share");
  const tr = useTranslations("stats.filters.ranges");
  const format = useFormatter();
  const client = useQueryClient();
  const list = useQuery({ queryKey: KEY, queryFn: () => apiFetch<Links>("/api/share-links") });
  const [sections, setSections] = useState({ profile: true, top: false, recap: false });
  const [range, setRange] = useState<(typeof RANGES)[number]>("all");
  const [year, setYear] = useState(years[0] ?? new Date().getFullYear());
  const [fresh, setFresh] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<{ id: number; name: string } | null>(null);

  async function create(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!sections.profile && !sections.top && !sections.recap) return setError(t("pickOne"));
    setBusy(true);
    setError(null);
    const displayName = String(new FormData(e.currentTarget).get("displayName") ?? "");
    const body: ShareSections = {
      ...(sections.profile && { profile: true }),
      ...(sections.top && { top: range }),
      ...(sections.recap && { recap: year }),
    };
    try {
      const made = await apiFetch<{ token: string }>("/api/share-links", {
        method: "POST",
        body: { displayName, sections: body },
      });
      setFresh(`${origin}/s/${made.token}`);
      await client.invalidateQueries({ queryKey: KEY });
    } catch (err) {
      setError(err instanceof ApiError && err.code === "limit" ? t("limit") : t("failed"));
    } finally {
      setBusy(false);
    }
  }

  async function revoke(id: number) {
    setBusy(true);
    try {
      await apiFetch(`/api/share-links/${id}`, { method: "DELETE" });
      setConfirm(null);
      await client.invalidateQueries({ queryKey: KEY });
    } catch {
      setError(t("failed"));
    } finally {
      setBusy(false);
    }
  }

  const summary = (s: ShareSections) =>
    [
      s.profile && ts("section.profile"),
      s.top && `${ts("section.top")} (${tr(s.top)})`,
      s.recap && ts("section.recap", { year: s.recap }),
    ]
      .filter(Boolean)
      .join(", ");
  const links = list.data?.links;
  // The option each section takes: the top's range, the recap's year.
  const pickers = [
    {
      name: "range",
      section: "top",
      value: range,
      options: RANGES.map((r) => ({ value: r, label: tr(r) })),
      set: (v: string) => setRange(v as typeof range),
    },
    {
      name: "year",
      section: "recap",
      value: String(year),
      options: (years.length ? years : [year]).map((y) => ({ value: String(y), label: String(y) })),
      set: (v: string) => setYear(Number(v)),
    },
  ] as const;

  return (
    <section className="space-y-4" aria-labelledby="share-links-title">
      <h2 id="share-links-title" className="text-lg font-semibold">
        {t("title")}
      </h2>
      <p className="text-sm text-muted">{t("intro")}</p>
      <form onSubmit={create} className="space-y-3">
        <label className="block">
          <span className={label}>{t("displayName")}</span>
          <input
            name="displayName"
            maxLength={60}
            placeholder={t("displayNamePlaceholder")}
            className={input}
          />
        </label>
        <fieldset>
          <legend className={label}>{t("sections")}</legend>
          {(["profile", "top", "recap"] as const).map((k) => (
            <label key={k} className={check}>
              <input
                type="checkbox"
                name={k}
                className="h-5 w-5 shrink-0 accent-accent"
                checked={sections[k]}
                onChange={(e) => setSections({ ...sections, [k]: e.target.checked })}
              />
              <span>{t(k)}</span>
            </label>
          ))}
        </fieldset>
        <div className="grid gap-3 sm:grid-cols-2">
          {pickers.map((p) => (
            <label key={p.name} className="block">
              <span className={label}>{t(p.name)}</span>
              <select
                name={p.name}
                className={input}
                value={p.value}
                disabled={!sections[p.section]}
                onChange={(e) => p.set(e.target.value)}
              >
                {p.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
        <button type="submit" disabled={busy} className={buttonPrimary}>
          {t("create")}
        </button>
      </form>
      {error && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
      {fresh && (
        <ShownOnceToken
          message={t("newLink")}
          value={fresh}
          testId="share-link-url"
          copyLabel={t("copy")}
          copiedLabel={t("copied")}
        >
          <a href={fresh} target="_blank" rel="noreferrer" className={buttonSmall}>
            {t("open")}
          </a>
        </ShownOnceToken>
      )}
      {links && !links.length && <p className="text-sm text-muted">{t("none")}</p>}
      {links && links.length > 0 && (
        <ul className="divide-y divide-line" data-testid="share-links-list">
          {links.map((l) => {
            const name = l.displayName || t("unnamed");
            return (
              <li key={l.id} className="flex items-center justify-between gap-2 py-2">
                <div className="min-w-0">
                  <p translate="no" className="truncate font-medium">
                    {name}
                  </p>
                  <p className="text-sm">{summary(l.sections)}</p>
                  <p className="text-xs text-muted">
                    {t("created", { date: format.dateTime(new Date(l.created), { dateStyle: "medium" }) })} ·{" "}
                    {t("views", { count: l.views })}
                  </p>
                </div>
                <button
                  type="button"
                  disabled={busy}
                  className={`${buttonSmall} min-h-11 shrink-0`}
                  aria-label={t("revokeLabel", { name })}
                  onClick={() => setConfirm({ id: l.id, name })}
                >
                  {t("revoke")}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <ConfirmDialog
        open={confirm !== null}
        title={t("confirmTitle")}
        confirmLabel={t("revoke")}
        busy={busy}
        onConfirm={() => confirm && void revoke(confirm.id)}
        onClose={() => setConfirm(null)}
      >
        <p className="text-sm text-muted">{t("confirmText")}</p>
      </ConfirmDialog>
    </section>
  );
}
