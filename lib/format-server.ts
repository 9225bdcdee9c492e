import { getLocale, getTimeZone } from "next-intl/server";
import { createFormat, type Format } from "./format";

/** The request's formatter for server components (same locale and zone the client provider gets). */
export async function getFormat(): Promise<Format> {
  return createFormat({ locale: await getLocale(), timeZone: await getTimeZone() });
}
