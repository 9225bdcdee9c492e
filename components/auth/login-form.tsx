"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { buttonPrimary, input, label } from "@/components/ui/styles";
import { safeNext } from "@/lib/safe-next";

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
      // The standard next-auth credentials flow: CSRF token, then the callback with json=true.
      const { csrfToken } = await (await fetch("/api/auth/csrf")).json();
      const res = await fetch("/api/auth/callback/credentials", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Auth-Return-Redirect": "1" },
        body: new URLSearchParams({
          csrfToken,
          username: String(form.get("username") ?? ""),
          password: String(form.get("password") ?? ""),
          json: "true",
        }),
      });
      if (res.status === 429) {
        const seconds = Number(res.headers.get("Retry-After") ?? 60);
        setError(t("throttled", { minutes: Math.max(1, Math.ceil(seconds / 60)) }));
        return;
      }
      const data = (await res.json().catch(() => ({}))) as { url?: string };
      if (!res.ok || !data.url || new URL(data.url, location.href).searchParams.has("error")) {
        setError(t("invalidCredentials"));
        return;
      }
      location.assign(safeNext(next));
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
        <Link href="/register" className="font-medium text-accent underline-offset-2 hover:underline">
          {t("registerLink")}
        </Link>
      </p>
    </form>
  );
}
