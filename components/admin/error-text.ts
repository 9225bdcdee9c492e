"use client";

import { useTranslations } from "next-intl";
import { ApiError } from "./api";

const PASSWORD_CODES = new Set(["too_short", "too_long", "all_digits", "too_common", "too_similar"]);

/** Known refusals in the user's language; anything else as the server phrased it, or a generic line. */
export function useErrorText() {
  const tp = useTranslations("password");
  const t = useTranslations("admin");
  return (err: unknown): string => {
    if (!(err instanceof ApiError)) return t("failed");
    if (err.code && PASSWORD_CODES.has(err.code)) return tp(err.code as "too_short");
    if (err.code === "confirm_mismatch") return t("errConfirm");
    if (err.status === 409 && err.field === "role") return t("errLastAdmin");
    if (err.status === 409 && err.field === "username") return t("errUsernameTaken");
    if (err.status === 409 && err.message.startsWith("You cannot")) return t("errSelf");
    if (err.status === 400 || err.status === 404 || err.status === 409) return err.message;
    return t("failed");
  };
}
