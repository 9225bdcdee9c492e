import { ImageResponse } from "next/og";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { RecapImage, SIZES } from "@/components/recap/share-image";
import { createFormat } from "@/lib/format";
import { route } from "@/lib/http";
import { withStatsCache } from "@/lib/stats/cache";
import { statsParams } from "@/lib/stats/params";
import { getRecap, recapQuery } from "@/lib/stats/recap";
import { recapFonts } from "@/lib/stats/recap-fonts";

const query = z.object({ format: z.enum(["story", "card"]).default("story") });
const params = recapQuery.pick({ year: true });

// A PNG of the signed-in user's recap: 1080×1920 for stories, 1200×630 for link cards. Private: it names
// what they listened to, so no shared cache may keep it.
export const GET = route({ auth: "user", query, params }, async ({ db, user, query, params }) => {
  const p = statsParams(user, {});
  const [recap, fonts, t, locale] = await Promise.all([
    withStatsCache(db, user.id, `recap|${p.tz}|${params.year}|`, () =>
      getRecap(db, p, { year: params.year }),
    ),
    recapFonts(),
    getTranslations("recap"),
    getLocale(),
  ]);
  const format = createFormat({ locale, timeZone: p.tz });
  const labels = {
    title: t("imageTitle", { year: recap.year }),
    minutes: t("imageMinutes"),
    topArtists: t("imageTopArtists"),
    topTracks: t("imageTopTracks"),
    empty: t("imageEmpty"),
    facts:
      recap.totals.plays > 0
        ? [
            `${t("plays")}: ${format.number(recap.totals.plays)}`,
            `${t("streak")}: ${t("streakValue", { count: recap.longestStreak.days })}`,
            `${t("discoveries")}: ${format.number(recap.discoveries.count)}`,
          ]
        : [],
  };
  const size = SIZES[query.format];
  return new ImageResponse(<RecapImage recap={recap} kind={query.format} labels={labels} format={format} />, {
    ...size,
    fonts,
    headers: {
      "cache-control": "private, no-cache",
      "content-disposition": `inline; filename="musictrace-${recap.year}-${query.format}.png"`,
    },
  });
});
