"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { buttonPrimary, buttonSecondary, input, label } from "@/components/ui/styles";

export function ProfileForm({ locale, timeZone }: { locale: "en" | "ru"; timeZone: string }) {
  const t = useTranslations("settings");
  const tc = useTranslations("common");
  const [tz, setTz] = useState(timeZone);
  const [status, setStatus] = useState<"idle" | "saved" | "error">("idle");
  const [tzError, setTzError] = useState<string | null>(null);

  async function patch(body: Record<string, string>) {
    const res = await fetch("/api/me", {
      method: "PATCH",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    return res;
  }

  async function changeLocale(next: string) {
    const res = await patch({ locale: next });
    if (res.ok) location.reload();
    else setStatus("error");
  }

  async function saveTz(e: React.FormEvent) {
    e.preventDefault();
    setTzError(null);
    const res = await patch({ timeZone: tz.trim() });
    if (res.ok) {
      setStatus("saved");
      // A zone the person saved themselves is a checked one: the dashboard's first-run list ticks it.
      void fetch("/api/me/onboarding", {
        method: "PATCH",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ timeZoneConfirmed: true }),
      });
    } else if (res.status === 400) setTzError(t("invalidTimeZone"));
    else setStatus("error");
  }

  return (
    <div className="space-y-6">
      <div>
        <label htmlFor="locale" className={label}>
          {t("language")}
        </label>
        <select
          id="locale"
          defaultValue={locale}
          onChange={(e) => changeLocale(e.target.value)}
          className={`${input} sm:w-64`}
        >
          <option value="en">English</option>
          <option value="ru">Русский</option>
        </select>
      </div>
      <form onSubmit={saveTz} className="space-y-2">
        <label htmlFor="tz" className={label}>
          {t("timeZone")}
        </label>
        <div className="flex flex-col gap-2 sm:flex-row">
          <input
            id="tz"
            value={tz}
            onChange={(e) => setTz(e.target.value)}
            className={`${input} sm:w-64`}
            aria-invalid={!!tzError}
            aria-describedby="tz-hint"
          />
          <button
            type="button"
            className={buttonSecondary}
            onClick={() => setTz(Intl.DateTimeFormat().resolvedOptions().timeZone)}
          >
            {t("detect")}
          </button>
          <button type="submit" className={buttonPrimary}>
            {tc("save")}
          </button>
        </div>
        <p id="tz-hint" className="text-xs text-muted">
          {t("timeZoneHint")}
        </p>
        {tzError && (
          <p role="alert" className="text-sm text-red-600 dark:text-red-400">
            {tzError}
          </p>
        )}
      </form>
      <p role="status" className="text-sm text-muted">
        {status === "saved" ? tc("saved") : status === "error" ? tc("error") : ""}
      </p>
    </div>
  );
}
