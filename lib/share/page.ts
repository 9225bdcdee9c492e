import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import { requestAddress } from "@/lib/net/client-address";
import { loadShareContent, type ShareContent } from "./content";
import { openShareLink, type SharedLink } from "./links";

/**
 * The link a /s/<token> request opens and its sections, once per request (page and metadata); an unknown,
 * revoked or disabled-owner link is the same 404 page.
 */
export const loadShare = cache(async (token: string): Promise<SharedLink & { content: ShareContent }> => {
  const db = getDb();
  const link = await openShareLink(db, token, requestAddress(await headers()));
  if (!link) notFound();
  return { ...link, content: await loadShareContent(db, link) };
});

type T = (key: string, values?: Record<string, string | number>) => string;

/** The page's and the card's headline: the owner's chosen name, else a neutral title. */
export function shareTitle(t: T, link: Pick<SharedLink, "displayName">): string {
  return link.displayName ? t("titleNamed", { name: link.displayName }) : t("titleAnon");
}

/** "profile, top lists, 2025 in review": what the link shows, for the description meta tag. */
export function shareDescription(t: T, link: Pick<SharedLink, "sections">): string {
  const s = link.sections;
  const parts = [
    s.profile && t("section.profile"),
    s.top && t("section.top"),
    s.recap && t("section.recap", { year: s.recap }),
  ].filter((x): x is string => Boolean(x));
  return t("description", { sections: parts.join(", ") });
}
