"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { input, label } from "@/components/ui/styles";
import { apiFetch } from "@/lib/client/fetch";
import { useAdminMutation } from "./api";
import { ConfirmDialog } from "./confirm-dialog";
import { useErrorText } from "./error-text";
import type { AdminUser, UserAction } from "./user-actions";

type Pending = { action: UserAction; user: AdminUser } | null;

/** One dialog for every user action; promote and enable run at once, the rest ask first. */
export function useUserDialogs() {
  const t = useTranslations("admin");
  const errorText = useErrorText();
  const [pending, setPending] = useState<Pending>(null);
  const [password, setPassword] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const run = useAdminMutation(async ({ action, user }: { action: UserAction; user: AdminUser }) => {
    const url = `/api/admin/users/${user.id}`;
    if (action === "delete") return apiFetch(url, { method: "DELETE", body: { confirm: user.username } });
    if (action === "password") return apiFetch(`${url}/password`, { method: "POST", body: { password } });
    const body =
      action === "disable" || action === "enable"
        ? { disabled: action === "disable" }
        : { role: action === "promote" ? "admin" : "user" };
    return apiFetch(url, { method: "PATCH", body });
  });

  const start = (action: UserAction, user: AdminUser) => {
    run.reset();
    setNotice(null);
    setPassword("");
    if (action === "enable" || action === "promote")
      run.mutate({ action, user }, { onError: (e) => setNotice(errorText(e)) });
    else setPending({ action, user });
  };
  const confirm = () => {
    if (!pending) return;
    run.mutate(pending, {
      onSuccess: () => {
        if (pending.action === "password") setNotice(t("passwordReset", { name: pending.user.username }));
        setPending(null);
      },
    });
  };

  const name = pending?.user.username ?? "";
  const titles: Partial<Record<UserAction, string>> = {
    disable: t("confirmDisable", { name }),
    demote: t("confirmDemote", { name }),
    password: t("resetPasswordFor", { name }),
    delete: t("confirmDelete", { name }),
  };
  const dialog = (
    <ConfirmDialog
      open={pending !== null}
      title={pending ? (titles[pending.action] ?? "") : ""}
      confirmLabel={pending?.action === "password" ? t("resetPassword") : t("confirm")}
      typed={pending?.action === "delete" ? name : undefined}
      busy={run.isPending}
      error={run.error ? errorText(run.error) : null}
      onConfirm={confirm}
      onClose={() => setPending(null)}
    >
      {pending?.action === "disable" && <p className="text-sm text-muted">{t("disableHint")}</p>}
      {pending?.action === "delete" && <p className="text-sm text-muted">{t("deleteHint")}</p>}
      {pending?.action === "password" && (
        <div>
          <label htmlFor="reset-password" className={label}>
            {t("newPassword")}
          </label>
          <input
            id="reset-password"
            type="password"
            autoComplete="new-password"
            className={input}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
      )}
    </ConfirmDialog>
  );
  return { start, dialog, notice };
}
