import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { RecapHighlights } from "@/components/recap/highlights";
import { RecapMonths } from "@/components/recap/months";
import { RecapTop } from "@/components/recap/top";
import { StatGrid } from "@/components/track/stat-grid";
import { LogoMark } from "@/components/ui/logo";
import { card, tapLink } from "@/components/ui/styles";
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { getFormat } from "@/lib/format-server";
import { countShareView } from "@/lib/share/links";
import { loadShare, shareDescription, shareTitle } from "@/lib/share/page";

type Props = { params: Promise<{ token: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { token } = await params;
  const link = await loadShare(token);
  const t = await getTranslations("share");
  const title = shareTitle(t, link);
  const description = shareDescription(t, link);
  return {
    metadataBase: new URL(env().APP_URL),
    title,
    description,
    // Shared on purpose, but not for search engines to list.
    robots: { index: false, follow: false },
    openGraph: {
      type: "website",
      title,
      description,
      images: [{ url: `/s/${token}/og?lang=${await getLocale()}`, width: 1200, height: 630 }],
    },
    twitter: { card: "summary_large_image", title, description },
  };
}

/** A public, read-only page of the sections the owner chose: no sign-in, no links into the app. */
export default async function SharePage({ params }: Props) {
  const { token } = await params;
  const link = await loadShare(token);
  await countShareView(getDb(), link.id);
  const t = await getTranslations("share");
  const tr = await getTranslations("stats.filters.ranges");
  const format = await getFormat();
  const { profile, top, recap } = link.content;
  const heading = "mb-3 text-xl font-bold";
  return (
    <main className="mx-auto max-w-5xl space-y-8 px-4 py-6 sm:px-6">
      <header className="flex items-center gap-3">
        <LogoMark className="h-9 w-9 shrink-0" />
        <div className="min-w-0">
          <h1 className="text-2xl font-bold break-words" data-testid="share-title">
            {shareTitle(t, link)}
          </h1>
          <p className="text-sm text-muted">{t("readOnly")}</p>
        </div>
      </header>
      {profile && (
        <section aria-labelledby="share-profile" data-testid="share-profile">
          <h2 id="share-profile" className={heading}>
            {t("profile")}
          </h2>
          <StatGrid
            items={[
              { label: t("plays"), value: format.number(profile.plays) },
              { label: t("minutes"), value: format.number(profile.minutes) },
              {
                label: t("firstListen"),
                value: profile.firstListen ? format.day(profile.firstListen) : "—",
              },
            ]}
          />
        </section>
      )}
      {top && (
        <section aria-labelledby="share-top" data-testid="share-top">
          <h2 id="share-top" className={heading}>
            {t("top", { range: tr(top.range) })}
          </h2>
          {top.total.plays > 0 ? (
            <RecapTop top={top.lists} links={false} />
          ) : (
            <p className={`${card} text-muted`}>{t("empty")}</p>
          )}
        </section>
      )}
      {recap && (
        <section aria-labelledby="share-recap" className="space-y-6" data-testid="share-recap">
          <h2 id="share-recap" className={heading}>
            {t("recapTitle", { year: recap.year })}
          </h2>
          {recap.totals.plays > 0 ? (
            <>
              <StatGrid
                items={[
                  { label: t("minutes"), value: format.number(recap.totals.minutes) },
                  { label: t("plays"), value: format.number(recap.totals.plays) },
                ]}
              />
              <RecapHighlights recap={recap} links={false} />
              <RecapTop top={recap.top} links={false} />
              <RecapMonths months={recap.months} links={false} />
            </>
          ) : (
            <p className={`${card} text-muted`}>{t("empty")}</p>
          )}
        </section>
      )}
      <footer className="border-t border-line pt-4 text-sm text-muted">
        <Link href="/" className={`${tapLink} hover:underline`}>
          {t("about")}
        </Link>
      </footer>
    </main>
  );
}
