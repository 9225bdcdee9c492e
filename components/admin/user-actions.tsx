"use client";

import { useTranslations } from "next-intl";
import { buttonSmall } from "@/components/ui/styles";
import type { listUsers } from "@/lib/admin/users";
import type { ApiResult } from "@/lib/client/fetch";

export type UserPage = ApiResult<typeof listUsers>;
export type AdminUser = UserPage["items"][number];

export type UserAction = "disable" | "enable" | "promote" | "demote" | "password" | "delete";

const small = buttonSmall;

/** Buttons only: the dialogs live once in the panel, outside the table/card copies of each row. */
export function UserActions({
  user,
  self,
  onAction,
}: {
  user: AdminUser;
  /** The signed-in admin's own row: no disabling, demoting or deleting oneself (the server refuses too). */
  self: boolean;
  onAction: (a: UserAction, u: AdminUser) => void;
}) {
  const t = useTranslations("admin");
  const name = user.username;
  const all: [UserAction, string][] = [
    user.disabledAt ? ["enable", t("enableUser", { name })] : ["disable", t("disableUser", { name })],
    user.role === "admin" ? ["demote", t("demoteUser", { name })] : ["promote", t("promoteUser", { name })],
    ["password", t("resetPasswordFor", { name })],
    ["delete", t("deleteUser", { name })],
  ];
  const actions = self ? all.filter(([a]) => a === "password") : all;
  const short: Record<UserAction, string> = {
    disable: t("disable"),
    enable: t("enable"),
    promote: t("promote"),
    demote: t("demote"),
    password: t("resetPassword"),
    delete: t("delete"),
  };
  return (
    <div className="flex flex-wrap gap-1.5">
      {actions.map(([action, label]) => (
        <button
          key={action}
          type="button"
          aria-label={label}
          className={`${small} ${action === "delete" ? "text-red-600 dark:text-red-400" : ""}`}
          onClick={() => onAction(action, user)}
        >
          {short[action]}
        </button>
      ))}
    </div>
  );
}
