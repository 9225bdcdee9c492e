"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { buttonPrimary, input, label } from "@/components/ui/styles";
import { apiFetch } from "@/lib/client/fetch";
import { useAdminMutation } from "./api";
import { useErrorText } from "./error-text";

export function CreateUserForm() {
  const t = useTranslations("admin");
  const errorText = useErrorText();
  const [form, setForm] = useState({ username: "", password: "", role: "user" });
  const [done, setDone] = useState<string | null>(null);
  const create = useAdminMutation((body: typeof form) =>
    apiFetch<{ username: string }>("/api/admin/users", { method: "POST", body: body }),
  );

  return (
    <form
      className="grid gap-3 sm:grid-cols-[1fr_1fr_auto_auto] sm:items-end"
      aria-label={t("createUser")}
      onSubmit={(e) => {
        e.preventDefault();
        setDone(null);
        create.mutate(form, {
          onSuccess: (u) => {
            setDone(t("userCreated", { name: u.username }));
            setForm({ username: "", password: "", role: "user" });
          },
        });
      }}
    >
      <div>
        <label htmlFor="new-username" className={label}>
          {t("username")}
        </label>
        <input
          id="new-username"
          className={input}
          required
          autoComplete="off"
          value={form.username}
          onChange={(e) => setForm({ ...form, username: e.target.value })}
        />
      </div>
      <div>
        <label htmlFor="new-password" className={label}>
          {t("password")}
        </label>
        <input
          id="new-password"
          type="password"
          className={input}
          required
          autoComplete="new-password"
          value={form.password}
          onChange={(e) => setForm({ ...form, password: e.target.value })}
        />
      </div>
      <div>
        <label htmlFor="new-role" className={label}>
          {t("role")}
        </label>
        <select
          id="new-role"
          className={input}
          value={form.role}
          onChange={(e) => setForm({ ...form, role: e.target.value })}
        >
          <option value="user">{t("roleUser")}</option>
          <option value="admin">{t("roleAdmin")}</option>
        </select>
      </div>
      <button type="submit" className={buttonPrimary} disabled={create.isPending}>
        {t("create")}
      </button>
      <p role="status" className="text-sm sm:col-span-4">
        {create.error ? (
          <span className="text-red-600 dark:text-red-400">{errorText(create.error)}</span>
        ) : (
          done
        )}
      </p>
    </form>
  );
}
