"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { input, label } from "@/components/ui/styles";
import type { InstanceSettings } from "@/lib/settings";

export function InstanceSettingsForm({ initial }: { initial: InstanceSettings }) {
  const t = useTranslations("admin");
  const [values, setValues] = useState(initial);
  const [status, setStatus] = useState<"idle" | "saved" | "error">("idle");

  async function update(patch: Partial<InstanceSettings>) {
    setStatus("idle");
    const res = await fetch("/api/admin/settings", {
      method: "PATCH",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(patch),
    });
    if (res.ok) {
      setValues(await res.json());
      setStatus("saved");
    } else setStatus("error");
  }

  return (
    <div className="space-y-5">
      <fieldset>
        <legend className={label}>{t("registration")}</legend>
        <label className="flex min-h-11 items-center gap-3">
          <input
            type="checkbox"
            className="h-5 w-5 accent-accent"
            checked={values.registrationOpen}
            onChange={(e) => update({ registrationOpen: e.target.checked })}
          />
          <span>{t("allowRegistration")}</span>
        </label>
        <p className="text-sm text-muted">
          {values.registrationOpen ? t("registrationOpen") : t("registrationClosed")}
        </p>
      </fieldset>
      <div className="sm:w-64">
        <label htmlFor="default-locale" className={label}>
          {t("defaultLocale")}
        </label>
        <select
          id="default-locale"
          value={values.defaultLocale}
          onChange={(e) => update({ defaultLocale: e.target.value as "en" | "ru" })}
          className={input}
        >
          <option value="en">English</option>
          <option value="ru">Русский</option>
        </select>
      </div>
      <p role="status" className={`text-sm ${status === "error" ? "text-red-600" : "text-muted"}`}>
        {status === "saved" ? t("saved") : status === "error" ? t("failed") : ""}
      </p>
    </div>
  );
}
