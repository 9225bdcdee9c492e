"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { clearOfflineData } from "@/components/pwa/sw-client";
import { buttonDanger, buttonPrimary, buttonSecondary, input, label } from "@/components/ui/styles";

type Answer = { field?: string; code?: string; message?: string };

async function send(url: string, method: string, body?: unknown): Promise<{ ok: boolean; answer: Answer }> {
  const res = await fetch(url, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { ok: res.ok, answer: (await res.json().catch(() => ({}))) as Answer };
}

/** Every session has ended (this one too): forget the offline copies and go to the sign-in page. */
async function leave(to: string) {
  await clearOfflineData();
  location.assign(to);
}

export function AccountSecurity({ username }: { username: string }) {
  const t = useTranslations("accountSecurity");
  const tp = useTranslations("password");
  const [error, setError] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const explain = (a: Answer) => {
    if (a.code === "wrong_password") return t("wrongPassword");
    if (a.code === "confirm_mismatch") return t("confirmMismatch");
    if (a.field === "newPassword" || a.field === "password") {
      if (a.code && tp.has(a.code)) return tp(a.code);
    }
    return a.message ?? t("failed");
  };

  async function changePassword(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    if (f.get("newPassword") !== f.get("newPassword2")) return setError({ change: t("mismatch") });
    setBusy(true);
    const { ok, answer } = await send("/api/me/password", "POST", {
      currentPassword: String(f.get("currentPassword") ?? ""),
      newPassword: String(f.get("newPassword") ?? ""),
    });
    setBusy(false);
    if (ok) return leave("/login?passwordChanged=1");
    setError({ change: explain(answer) });
  }

  async function signOutEverywhere() {
    setBusy(true);
    const { ok } = await send("/api/me/sessions", "DELETE");
    setBusy(false);
    if (ok) return leave("/login");
    setError({ sessions: t("failed") });
  }

  async function deleteAccount(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    const { ok, answer } = await send("/api/me", "DELETE", {
      confirm: String(f.get("confirm") ?? ""),
      currentPassword: String(f.get("deletePassword") ?? ""),
    });
    setBusy(false);
    if (ok) return leave("/");
    setError({ delete: explain(answer) });
  }

  const fieldError = (key: string) =>
    error[key] ? (
      <p role="alert" className="text-sm text-red-600 dark:text-red-400">
        {error[key]}
      </p>
    ) : null;

  return (
    <div className="space-y-8">
      <form onSubmit={changePassword} className="space-y-3" aria-labelledby="change-password-title">
        <h3 id="change-password-title" className="font-semibold">
          {t("changePassword")}
        </h3>
        {(
          [
            ["currentPassword", "current-password", t("currentPassword")],
            ["newPassword", "new-password", t("newPassword")],
            ["newPassword2", "new-password", t("repeatPassword")],
          ] as const
        ).map(([name, auto, text]) => (
          <div key={name}>
            <label htmlFor={name} className={label}>
              {text}
            </label>
            <input
              id={name}
              name={name}
              type="password"
              autoComplete={auto}
              required
              className={`${input} sm:w-64`}
            />
          </div>
        ))}
        <p className="text-xs text-muted">{t("changePasswordHint")}</p>
        {fieldError("change")}
        <button type="submit" className={buttonPrimary} disabled={busy}>
          {t("changePassword")}
        </button>
      </form>

      <div className="space-y-2">
        <h3 className="font-semibold">{t("sessions")}</h3>
        <p className="text-sm text-muted">{t("sessionsHint")}</p>
        {fieldError("sessions")}
        <button type="button" className={buttonSecondary} onClick={signOutEverywhere} disabled={busy}>
          {t("signOutEverywhere")}
        </button>
      </div>

      <form onSubmit={deleteAccount} className="space-y-3" aria-labelledby="delete-account-title">
        <h3 id="delete-account-title" className="font-semibold text-red-700 dark:text-red-400">
          {t("deleteAccount")}
        </h3>
        <p className="text-sm text-muted">{t("deleteHint")}</p>
        <a href="/api/export?format=json" download className={buttonSecondary}>
          {t("exportFirst")}
        </a>
        <div>
          <label htmlFor="confirm" className={label}>
            {t("typeUsername", { name: username })}
          </label>
          <input id="confirm" name="confirm" autoComplete="off" required className={`${input} sm:w-64`} />
        </div>
        <div>
          <label htmlFor="deletePassword" className={label}>
            {t("currentPassword")}
          </label>
          <input
            id="deletePassword"
            name="deletePassword"
            type="password"
            autoComplete="current-password"
            required
            className={`${input} sm:w-64`}
          />
        </div>
        {fieldError("delete")}
        <button type="submit" disabled={busy} className={buttonDanger}>
          {t("deleteForever")}
        </button>
      </form>
    </div>
  );
}
