"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { buttonPrimary, input, label, tapLink } from "@/components/ui/styles";
import { safeNext } from "@/lib/safe-next";
import { signInWithPassword } from "./credentials";

export function LoginForm({ next, registered }: { next?: string; registered?: boolean }) {
  const t = useTranslations("auth");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const form = new FormData(e.currentTarget);
    try {
      const res = await signInWithPassword(
        String(form.get("username") ?? ""),
        String(form.get("password") ?? ""),
      );
      if (res.ok) {
        location.assign(safeNext(next));
        return;
      }
      setError(
        res.retryAfterSeconds
          ? t("throttled", { minutes: Math.max(1, Math.ceil(res.retryAfterSeconds / 60)) })
          : t("invalidCredentials"),
      );
    } catch {
      setError(t("invalidCredentials"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {registered && !error && (
        <p
          role="status"
          className="rounded-xl bg-green-500/10 p-3 text-sm text-green-700 dark:text-green-300"
        >
          {t("registered")}
        </p>
      )}
      {error && (
        <p role="alert" className="rounded-xl bg-red-500/10 p-3 text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
      <div>
        <label htmlFor="username" className={label}>
          {t("username")}
        </label>
        <input id="username" name="username" autoComplete="username" required className={input} />
      </div>
      <div>
        <label htmlFor="password" className={label}>
          {t("password")}
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className={input}
        />
      </div>
      <button type="submit" disabled={busy} className={`${buttonPrimary} w-full`}>
        {t("loginButton")} →
      </button>
      <p className="text-center text-sm text-muted">
        {t("noAccount")}{" "}
        <Link
          href="/register"
          className={`${tapLink} font-medium text-accent-ink underline-offset-2 hover:underline`}
        >
          {t("registerLink")}
        </Link>
      </p>
    </form>
  );
}
