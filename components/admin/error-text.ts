"use client";

import { useTranslations } from "next-intl";
import { ApiError } from "@/lib/client/fetch";

const PASSWORD_CODES = new Set(["too_short", "too_long", "all_digits", "too_common", "too_similar"]);

/**
 * Refusals in the reader's language, by the server's status, field and code (its English message is never shown:
 * it would sit inside a Russian page).
 */
export function useErrorText() {
  const tp = useTranslations("password");
  const t = useTranslations("admin");
  const ta = useTranslations("auth");
  return (err: unknown): string => {
    if (!(err instanceof ApiError)) return t("failed");
    if (err.code && PASSWORD_CODES.has(err.code)) return tp(err.code as "too_short");
    if (err.code === "confirm_mismatch") return t("errConfirm");
    if (err.status === 409 && err.field === "role") return t("errLastAdmin");
    if (err.status === 409 && err.field === "username") return t("errUsernameTaken");
    if (err.status === 409 && err.message.startsWith("You cannot")) return t("errSelf");
    if (err.status === 400 && err.field === "username") return ta("usernameChars");
    if (err.status === 400) return t("errInvalid");
    if (err.status === 404) return t("errNotFound");
    if (err.status === 409) return t("errConflict");
    return t("failed");
  };
}
