"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { buttonPrimary, input, label } from "@/components/ui/styles";

type FieldErrors = Partial<Record<"username" | "password" | "password2" | "form", string>>;

export function RegisterForm() {
  const t = useTranslations("auth");
  const tp = useTranslations("password");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const username = String(form.get("username") ?? "");
    const password = String(form.get("password") ?? "");
    if (password !== form.get("password2")) {
      setErrors({ password2: t("mismatch") });
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      const res = await fetch("/api/register", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ username, password }),
      });
      if (res.status === 201) {
        location.assign("/login?registered=1");
        return;
      }
      const body = (await res.json().catch(() => ({}))) as {
        field?: string;
        code?: string;
        message?: string;
      };
      if (res.status === 409) setErrors({ username: t("usernameTaken") });
      else if (res.status === 403) setErrors({ form: t("registrationClosed") });
      else if (body.field === "password" && body.code && tp.has(body.code))
        setErrors({ password: tp(body.code) });
      else if (body.field === "username") setErrors({ username: body.message });
      else setErrors({ form: body.message ?? t("invalidCredentials") });
    } catch {
      setErrors({ form: "Network error" });
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (name: keyof FieldErrors) =>
    errors[name] ? (
      <p id={`${name}-error`} role="alert" className="mt-1 text-sm text-red-600 dark:text-red-400">
        {errors[name]}
      </p>
    ) : null;

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {errors.form && (
        <p role="alert" className="rounded-xl bg-red-500/10 p-3 text-sm text-red-700 dark:text-red-300">
          {errors.form}
        </p>
      )}
      <div>
        <label htmlFor="username" className={label}>
          {t("username")}
        </label>
        <input
          id="username"
          name="username"
          autoComplete="username"
          required
          className={input}
          aria-invalid={!!errors.username}
          aria-describedby={errors.username ? "username-error" : undefined}
        />
        {fieldError("username")}
      </div>
      <div>
        <label htmlFor="password" className={label}>
          {t("password")}
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          className={input}
          aria-invalid={!!errors.password}
          aria-describedby="password-rules"
        />
        <p id="password-rules" className="mt-1 text-xs text-muted">
          {t("passwordRules")}
        </p>
        {fieldError("password")}
      </div>
      <div>
        <label htmlFor="password2" className={label}>
          {t("passwordConfirm")}
        </label>
        <input
          id="password2"
          name="password2"
          type="password"
          autoComplete="new-password"
          required
          className={input}
          aria-invalid={!!errors.password2}
        />
        {fieldError("password2")}
      </div>
      <button type="submit" disabled={busy} className={`${buttonPrimary} w-full`}>
        {t("registerButton")} →
      </button>
      <p className="text-center text-sm text-muted">
        {t("haveAccount")}{" "}
        <Link href="/login" className="font-medium text-accent underline-offset-2 hover:underline">
          {t("loginLink")}
        </Link>
      </p>
    </form>
  );
}
