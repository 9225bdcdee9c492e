import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { MESSAGES } from "@/messages";
import { isLocale, LOCALE_COOKIE, localeFromAcceptLanguage } from "./locale";

// Locale: the user's explicit choice (cookie, set from Settings and at sign-in), else the browser's language.
export default getRequestConfig(async () => {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale = isLocale(chosen)
    ? chosen
    : (localeFromAcceptLanguage((await headers()).get("accept-language")) ?? "en");
  return { locale, messages: MESSAGES[locale] };
});
