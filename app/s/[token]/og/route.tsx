import { ImageResponse } from "next/og";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { type ImageData, RecapImage, SIZES } from "@/components/recap/share-image";
import { LOCALES } from "@/i18n/locale";
import { NotFound } from "@/lib/errors";
import { createFormat } from "@/lib/format";
import { route } from "@/lib/http";
import { requestAddress } from "@/lib/net/client-address";
import { loadShareContent } from "@/lib/share/content";
import { openShareLink } from "@/lib/share/links";
import { shareTitle } from "@/lib/share/page";
import { userTimeZone } from "@/lib/stats/params";
import { recapFonts } from "@/lib/stats/recap-fonts";

const params = z.object({ token: z.string().max(200) });
// The page's language, written into the image's address by its metadata: crawlers send no Accept-Language.
const query = z.object({ lang: z.enum(LOCALES).optional() });

/**
 * The link preview (OpenGraph, 1200×630) of a share link, drawn by the recap card: from the recap when the
 * link shows one, else from its top lists, else its totals. Public, but only for an active link.
 */
export const GET = route({ auth: "none", params, query }, async ({ req, db, params, query }) => {
  const link = await openShareLink(db, params.token, requestAddress(req.headers));
  if (!link) throw new NotFound("No such link");
  const locale = query.lang ?? (await getLocale());
  const [content, fonts, t, tr] = await Promise.all([
    loadShareContent(db, link),
    recapFonts(),
    getTranslations({ locale, namespace: "share" }),
    getTranslations({ locale, namespace: "recap" }),
  ]);
  const format = createFormat({ locale, timeZone: userTimeZone(link) });
  const { profile, top, recap } = content;
  const none = { artists: [], tracks: [] };
  const data: ImageData = recap ??
    (top && { totals: top.total, top: top.lists }) ?? {
      totals: { plays: profile?.plays ?? 0, minutes: profile?.minutes ?? 0 },
      top: none,
    };
  const labels = {
    title: recap ? `${shareTitle(t, link)} · ${recap.year}` : shareTitle(t, link),
    minutes: tr("imageMinutes"),
    topArtists: tr("imageTopArtists"),
    topTracks: tr("imageTopTracks"),
    empty: t("empty"),
    facts: data.totals.plays > 0 ? [`${t("plays")}: ${format.number(data.totals.plays)}`] : [],
  };
  return new ImageResponse(<RecapImage recap={data} kind="card" labels={labels} format={format} />, {
    ...SIZES.card,
    fonts,
    // Crawlers fetch it once; a revoked link's image stops being served within a minute.
    headers: { "cache-control": "public, max-age=60" },
  });
});
