import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { BucketBars } from "@/components/charts/bucket-bars-lazy";
import { RecapHighlights } from "@/components/recap/highlights";
import { MonthPicker } from "@/components/recap/month-picker";
import { RecapMonths } from "@/components/recap/months";
import { RecapTop } from "@/components/recap/top";
import { YearSwitcher } from "@/components/recap/year-switcher";
import { Panel } from "@/components/stats/ui";
import { StatGrid } from "@/components/track/stat-grid";
import { buttonPrimary, buttonSmall, card } from "@/components/ui/styles";
import { getFormat } from "@/lib/format-server";
import { loadRecap } from "@/lib/stats/recap-page";

type Props = { params: Promise<{ year: string }>; searchParams: Promise<{ month?: string | string[] }> };

async function load({ params, searchParams }: Props) {
  const [{ year }, { month }] = await Promise.all([params, searchParams]);
  const [r, t, format] = await Promise.all([
    loadRecap(year, typeof month === "string" ? month : undefined),
    getTranslations("recap"),
    getFormat(),
  ]);
  const monthName = (m: number) =>
    format.day(`${r.year}-${String(m).padStart(2, "0")}-01`, { month: "long" });
  const title = r.month
    ? t("titleMonth", { month: monthName(r.month), year: r.year })
    : t("title", { year: r.year });
  return { r, t, format, monthName, title };
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  return { title: (await load(props)).title };
}

export default async function RecapPage(props: Props) {
  const { r, t, format, monthName, title } = await load(props);
  const image = (f: "story" | "card") => `/recap/${r.year}/image?format=${f}`;
  const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const header = (
    <header className="space-y-3">
      <div>
        <h1 className="text-2xl font-bold sm:text-3xl">{title}</h1>
        <p className="text-muted">{t("subtitle", { from: format.day(r.from), to: format.day(r.to) })}</p>
      </div>
      <div className="flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-center">
        <YearSwitcher years={r.years} current={r.year} label={t("otherYears")} />
        <MonthPicker
          year={r.year}
          current={r.month}
          label={t("month")}
          options={[
            { value: "", label: t("wholeYear") },
            ...Array.from({ length: 12 }, (_, i) => ({
              value: String(i + 1),
              label: capital(monthName(i + 1)),
            })),
          ]}
        />
      </div>
    </header>
  );
  if (r.totals.plays === 0 && r.month) {
    return (
      <div className="space-y-6">
        {header}
        <section className={`${card} space-y-3 text-center`} data-testid="recap-empty">
          <h2 className="text-lg font-semibold">
            {t("emptyMonthTitle", { month: monthName(r.month), year: r.year })}
          </h2>
          <p className="mx-auto max-w-md text-muted">{t("emptyMonthBody")}</p>
          <Link href={`/recap/${r.year}`} className={buttonPrimary}>
            {t("emptyWholeYear")}
          </Link>
        </section>
      </div>
    );
  }
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
      {/* The share images show the whole year. */}
      {!r.month && (
        <div className="flex flex-wrap gap-2">
          <span className="self-center text-sm text-muted">{t("share")}:</span>
          <a href={image("story")} target="_blank" rel="noreferrer" className={buttonSmall}>
            {t("story")}
          </a>
          <a href={image("card")} target="_blank" rel="noreferrer" className={buttonSmall}>
            {t("card")}
          </a>
        </div>
      )}
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
        {/* One month needs no month-by-month chart. */}
        {!r.month && <RecapMonths months={r.months} />}
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
