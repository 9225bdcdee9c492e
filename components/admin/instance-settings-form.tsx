"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import type { InstanceSettings } from "@/lib/settings";

export function InstanceSettingsForm({ initial }: { initial: InstanceSettings }) {
  const t = useTranslations("admin");
  const tc = useTranslations("common");
  const [values, setValues] = useState(initial);
  const [error, setError] = useState(false);

  async function update(patch: Partial<InstanceSettings>) {
    setError(false);
    const res = await fetch("/api/admin/settings", {
      method: "PATCH",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(patch),
    });
    if (res.ok) setValues(await res.json());
    else setError(true);
  }

  return (
    <div className="space-y-4">
      <label className="flex min-h-11 items-center gap-3">
        <input
          type="checkbox"
          className="h-5 w-5 accent-accent"
          checked={values.registrationOpen}
          onChange={(e) => update({ registrationOpen: e.target.checked })}
        />
        <span>{values.registrationOpen ? t("registrationOpen") : t("registrationClosed")}</span>
      </label>
      <label className="flex flex-col gap-1 sm:w-64">
        <span className="text-sm text-muted">{t("defaultLocale")}</span>
        <select
          value={values.defaultLocale}
          onChange={(e) => update({ defaultLocale: e.target.value as "en" | "ru" })}
          className="min-h-11 rounded-xl border border-line bg-bg px-3"
        >
          <option value="en">English</option>
          <option value="ru">Русский</option>
        </select>
      </label>
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {tc("error")}
        </p>
      )}
    </div>
  );
}
