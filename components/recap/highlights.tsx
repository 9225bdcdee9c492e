import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { card } from "@/components/ui/styles";
import { getFormat } from "@/lib/format-server";
import type { Recap } from "@/lib/stats/recap";

/** Streak, busiest day, new artists and how concentrated the year was, as four cards. */
export async function RecapHighlights({ recap: r, links = true }: { recap: Recap; links?: boolean }) {
  const t = await getTranslations("recap");
  const format = await getFormat();
  const s = r.longestStreak;
  const cell = `${card} min-w-0 p-4`;
  const head = "text-xs font-semibold uppercase tracking-wide text-muted";
  return (
    <section aria-label={t("highlights")} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
      <div className={cell}>
        <h2 className={head}>{t("streak")}</h2>
        <p className="mt-1 text-xl font-bold">{t("streakValue", { count: s.days })}</p>
        {s.from && s.to && (
          <p className="text-sm text-muted">
            {format.day(s.from, { day: "numeric", month: "short" })} –{" "}
            {format.day(s.to, { day: "numeric", month: "short" })}
          </p>
        )}
      </div>
      <div className={cell}>
        <h2 className={head}>{t("busiestDay")}</h2>
        {r.busiestDay && (
          <>
            <p className="mt-1 text-xl font-bold">
              {format.day(r.busiestDay.date, { day: "numeric", month: "long" })}
            </p>
            <p className="text-sm text-muted">
              {t("playsCount", { count: r.busiestDay.plays })} · {format.minutes(r.busiestDay.minutes)}
            </p>
          </>
        )}
      </div>
      <div className={cell}>
        <h2 className={head}>{t("discoveries")}</h2>
        <p className="mt-1 text-xl font-bold">{t("discoveriesValue", { count: r.discoveries.count })}</p>
        <p className="truncate text-sm text-muted" translate="no">
          {r.discoveries.artists.map((a, i) => (
            <span key={a.id}>
              {i > 0 && ", "}
              {links ? (
                <Link href={`/artist/${a.id}`} className="hover:underline">
                  {a.name}
                </Link>
              ) : (
                a.name
              )}
            </span>
          ))}
        </p>
      </div>
      <div className={cell}>
        <p className="text-base font-bold">{t("half", { count: r.half.artists })}</p>
        <p className="text-sm text-muted">{t("halfOf", { count: format.number(r.half.of) })}</p>
      </div>
    </section>
  );
}
