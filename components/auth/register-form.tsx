"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { buttonPrimary, input, label, tapLink } from "@/components/ui/styles";
import { passwordProblems } from "@/lib/accounts/password-rules";
import { signInWithPassword } from "./credentials";

type Field = "username" | "password" | "password2" | "form";
type FieldErrors = Partial<Record<Field, string[]>>;

const USERNAME = /^[\p{L}\p{N}_.-]+$/u;

/** Every problem with the form at once, in the reader's language (the server checks the same rules again). */
function problems(username: string, password: string, password2: string, t: (key: string) => string) {
  const errors: FieldErrors = {};
  const name = username.trim();
  const u: string[] = [];
  if (name.length < 3) u.push(t("auth.usernameShort"));
  if (name.length > 40) u.push(t("auth.usernameLong"));
  if (name && !USERNAME.test(name)) u.push(t("auth.usernameChars"));
  if (u.length) errors.username = u;
  const p = passwordProblems(password, name).map((code) => t(`password.${code}`));
  if (p.length) errors.password = p;
  if (password !== password2) errors.password2 = [t("auth.mismatch")];
  return errors;
}

export function RegisterForm() {
  const t = useTranslations();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const username = String(form.get("username") ?? "");
    const password = String(form.get("password") ?? "");
    const found = problems(username, password, String(form.get("password2") ?? ""), t);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const res = await fetch("/api/register", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        // The first-admin setup link printed by the server carries its token (README, Deployment).
        body: JSON.stringify({
          username,
          password,
          setupToken: new URLSearchParams(location.search).get("setup") ?? undefined,
        }),
      });
      if (res.status === 201) {
        // A new account is signed in at once: nobody should type the password they just chose twice.
        const signed = await signInWithPassword(username.trim(), password);
        location.assign(signed.ok ? "/dashboard" : "/login?registered=1");
        return;
      }
      const body = (await res.json().catch(() => ({}))) as { field?: string; code?: string };
      if (res.status === 409) setErrors({ username: [t("auth.usernameTaken")] });
      else if (res.status === 403) setErrors({ form: [t("auth.registrationClosed")] });
      else if (res.status === 429) setErrors({ form: [t("auth.tooMany")] });
      else if (body.field === "password" && body.code && t.has(`password.${body.code}`))
        setErrors({ password: [t(`password.${body.code}`)] });
      else if (body.field === "username") setErrors({ username: [t("auth.usernameChars")] });
      else setErrors({ form: [t("auth.registerFailed")] });
    } catch {
      setErrors({ form: [t("auth.network")] });
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (name: Field) =>
    errors[name] ? (
      <ul
        id={`${name}-error`}
        role="alert"
        className="mt-1 space-y-0.5 text-sm text-red-600 dark:text-red-400"
      >
        {errors[name].map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
    ) : null;

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {errors.form && (
        <p role="alert" className="rounded-xl bg-red-500/10 p-3 text-sm text-red-700 dark:text-red-300">
          {errors.form.join(" ")}
        </p>
      )}
      <div>
        <label htmlFor="username" className={label}>
          {t("auth.username")}
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
          {t("auth.password")}
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          className={input}
          aria-invalid={!!errors.password}
          aria-describedby={errors.password ? "password-rules password-error" : "password-rules"}
        />
        <p id="password-rules" className="mt-1 text-xs text-muted">
          {t("auth.passwordRules")}
        </p>
        {fieldError("password")}
      </div>
      <div>
        <label htmlFor="password2" className={label}>
          {t("auth.passwordConfirm")}
        </label>
        <input
          id="password2"
          name="password2"
          type="password"
          autoComplete="new-password"
          required
          className={input}
          aria-invalid={!!errors.password2}
          aria-describedby={errors.password2 ? "password2-error" : undefined}
        />
        {fieldError("password2")}
      </div>
      <button type="submit" disabled={busy} className={`${buttonPrimary} w-full`}>
        {t("auth.registerButton")} →
      </button>
      <p className="text-center text-sm text-muted">
        {t("auth.haveAccount")}{" "}
        <Link
          href="/login"
          className={`${tapLink} font-medium text-accent-ink underline-offset-2 hover:underline`}
        >
          {t("auth.loginLink")}
        </Link>
      </p>
    </form>
  );
}
