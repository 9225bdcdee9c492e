import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { cache } from "react";
import { currentUser } from "@/lib/auth";
import { env } from "@/lib/env";
import { isValidTimeZone } from "@/lib/stats/zone";
import { MESSAGES } from "@/messages";
import { isLocale, LOCALE_COOKIE, localeFromAcceptLanguage } from "./locale";

const signedIn = cache(() => currentUser().catch(() => null));

/** The reader's zone: their profile's, else the instance's, else UTC (an unknown name never reaches Intl). */
async function timeZone(): Promise<string> {
  const user = await signedIn();
  for (const tz of [user?.timeZone, env().INSTANCE_TIMEZONE]) if (tz && isValidTimeZone(tz)) return tz;
  return "UTC";
}

// Locale: the user's explicit choice (cookie, set from Settings and at sign-in), else the browser's language.
// timeZone and now are fixed per request and handed to the client provider, so times are in the reader's zone
// and "3 minutes ago" renders the same on the server and in the browser (no hydration mismatch).
// An explicit getTranslations({ locale }) (the share card drawn in its page's language) comes first.
export default getRequestConfig(async ({ requestLocale }) => {
  const explicit = await requestLocale;
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale = isLocale(explicit)
    ? explicit
    : isLocale(chosen)
      ? chosen
      : (localeFromAcceptLanguage((await headers()).get("accept-language")) ?? "en");
  return { locale, messages: MESSAGES[locale], timeZone: await timeZone(), now: new Date() };
});
