import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { BucketBars } from "@/components/charts/bucket-bars-lazy";
import { RecapHighlights } from "@/components/recap/highlights";
import { RecapMonths } from "@/components/recap/months";
import { RecapTop } from "@/components/recap/top";
import { YearSwitcher } from "@/components/recap/year-switcher";
import { Panel } from "@/components/stats/ui";
import { StatGrid } from "@/components/track/stat-grid";
import { buttonPrimary, buttonSmall, card } from "@/components/ui/styles";
import { getFormat } from "@/lib/format-server";
import { loadRecap } from "@/lib/stats/recap-page";

type Props = { params: Promise<{ year: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { year } = await params;
  const t = await getTranslations("recap");
  return { title: t("title", { year: Number(year) || year }) };
}

export default async function RecapPage({ params }: Props) {
  const r = await loadRecap((await params).year);
  const t = await getTranslations("recap");
  const format = await getFormat();
  const image = (f: "story" | "card") => `/recap/${r.year}/image?format=${f}`;
  const header = (
    <header className="space-y-3">
      <div>
        <h1 className="text-2xl font-bold sm:text-3xl">{t("title", { year: r.year })}</h1>
        <p className="text-muted">{t("subtitle", { from: format.day(r.from), to: format.day(r.to) })}</p>
      </div>
      <YearSwitcher years={r.years} current={r.year} label={t("otherYears")} />
    </header>
  );
  if (r.totals.plays === 0) {
    return (
      <div className="space-y-6">
        {header}
        <section className={`${card} space-y-3 text-center`} data-testid="recap-empty">
          <h2 className="text-lg font-semibold">{t("emptyTitle", { year: r.year })}</h2>
          <p className="mx-auto max-w-md text-muted">{t("emptyBody")}</p>
          <Link href="/import" className={buttonPrimary}>
            {t("emptyImport")}
          </Link>
        </section>
      </div>
    );
  }
  const peak = r.clock.indexOf(Math.max(...r.clock));
  return (
    <div className="space-y-6">
      {header}
      <div className="flex flex-wrap gap-2">
        <span className="self-center text-sm text-muted">{t("share")}:</span>
        <a href={image("story")} target="_blank" rel="noreferrer" className={buttonSmall}>
          {t("story")}
        </a>
        <a href={image("card")} target="_blank" rel="noreferrer" className={buttonSmall}>
          {t("card")}
        </a>
      </div>
      <StatGrid
        items={[
          { label: t("minutes"), value: format.number(r.totals.minutes) },
          { label: t("plays"), value: format.number(r.totals.plays) },
          { label: t("tracks"), value: format.number(r.totals.tracks) },
          { label: t("artists"), value: format.number(r.totals.artists) },
          { label: t("activeDays"), value: format.number(r.totals.activeDays) },
        ]}
      />
      <RecapHighlights recap={r} />
      <RecapTop top={r.top} />
      <div className="grid gap-6 lg:grid-cols-2">
        <RecapMonths months={r.months} />
        <Panel title={t("clock")}>
          <p className="mb-2 text-sm text-muted">
            {t("peakHour", { hour: `${String(peak).padStart(2, "0")}:00` })}
          </p>
          <BucketBars
            data={r.clock}
            labels={r.clock.map((_, h) => String(h).padStart(2, "0"))}
            name={t("plays")}
          />
          <p className="mt-2 text-xs text-muted">{t("clockHint")}</p>
        </Panel>
      </div>
    </div>
  );
}
