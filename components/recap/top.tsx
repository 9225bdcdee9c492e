import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Cover, Panel } from "@/components/stats/ui";
import { tapLink } from "@/components/ui/styles";
import { getFormat } from "@/lib/format-server";
import type { Recap } from "@/lib/stats/recap";

const KINDS = ["artists", "tracks", "albums", "genres"] as const;
type Kind = (typeof KINDS)[number];

type Item = Pick<Recap["top"]["artists"][number], "id" | "name" | "subtitle" | "cover" | "plays" | "share">;

const href = (kind: Kind, id: number | string) =>
  kind === "tracks" ? `/track/${id}` : kind === "artists" ? `/artist/${id}` : null;

/**
 * The top five of each kind with play counts and share of all plays (a year's, or a share link's range).
 * `links={false}` on public pages, whose readers cannot open the signed-in track and artist pages.
 */
export async function RecapTop({ top, links = true }: { top: Record<Kind, Item[]>; links?: boolean }) {
  const t = await getTranslations("recap");
  const format = await getFormat();
  return (
    <div className="grid gap-6 md:grid-cols-2">
      {KINDS.filter((kind) => top[kind].length > 0).map((kind) => (
        <Panel key={kind} title={t(`top.${kind}`)}>
          <ol className="space-y-2" data-testid={`recap-top-${kind}`}>
            {top[kind].map((item, i) => {
              const link = links ? href(kind, item.id) : null;
              const name = (
                <span className="block truncate font-medium" translate="no">
                  {item.name}
                </span>
              );
              return (
                <li key={item.id} className="flex min-w-0 items-center gap-3">
                  <span className="w-5 shrink-0 text-right text-sm tabular-nums text-muted">{i + 1}</span>
                  {kind !== "genres" && <Cover src={item.cover} name={item.name} size={40} />}
                  <span className="min-w-0 flex-1">
                    {link ? (
                      <Link href={link} className={`${tapLink} w-full hover:underline`}>
                        {name}
                      </Link>
                    ) : (
                      name
                    )}
                    {item.subtitle && (
                      <span className="block truncate text-xs text-muted" translate="no">
                        {item.subtitle}
                      </span>
                    )}
                  </span>
                  <span className="shrink-0 text-right text-xs text-muted">
                    <span className="block font-medium whitespace-nowrap text-fg">
                      {format.number(item.plays)}
                    </span>
                    {format.percent(item.share)}
                  </span>
                </li>
              );
            })}
          </ol>
        </Panel>
      ))}
    </div>
  );
}
