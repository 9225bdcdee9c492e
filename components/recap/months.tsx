import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { BucketBars } from "@/components/charts/bucket-bars-lazy";
import { Panel } from "@/components/stats/ui";
import { getFormat } from "@/lib/format-server";
import type { Recap } from "@/lib/stats/recap";

/** Plays per month as bars, then each month's top artist. */
export async function RecapMonths({ months, links = true }: { months: Recap["months"]; links?: boolean }) {
  const t = await getTranslations("recap");
  const format = await getFormat();
  const label = (m: string, month: "short" | "long") => format.day(`${m}-01`, { month });
  return (
    <Panel title={t("months")}>
      <BucketBars
        data={months.map((m) => m.plays)}
        labels={months.map((m) => label(m.month, "short"))}
        name={t("plays")}
      />
      <ol className="mt-4 divide-y divide-line text-sm" data-testid="recap-months">
        {months.map((m) => (
          <li key={m.month} className="flex min-w-0 items-center gap-3 py-1.5">
            <span className="w-24 shrink-0 capitalize text-muted">{label(m.month, "long")}</span>
            {m.topArtist && !links ? (
              <span className="min-w-0 flex-1 truncate font-medium" translate="no">
                {m.topArtist.name}
              </span>
            ) : m.topArtist ? (
              <Link
                href={`/artist/${m.topArtist.id}`}
                className="flex min-w-0 flex-1 items-center font-medium hover:underline pointer-coarse:min-h-11"
                translate="no"
              >
                <span className="truncate">{m.topArtist.name}</span>
              </Link>
            ) : (
              <span className="flex-1 text-muted">{t("noPlays")}</span>
            )}
            <span className="shrink-0 tabular-nums text-muted">{format.number(m.plays)}</span>
          </li>
        ))}
      </ol>
    </Panel>
  );
}
