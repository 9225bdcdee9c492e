"use client";

import { useTranslations } from "next-intl";
import type { Source } from "./use-now-playing";

export const SOURCE_NAMES: Record<Source, string> = { yandex: "Yandex Music", spotify: "Spotify" };

/** Two pills, always Yandex Music then Spotify; an unconnected one leads to its connect page. */
export function SourceSwitch(props: { services: Source[]; active: Source; onChange: (s: Source) => void }) {
  const t = useTranslations("nowPlaying");
  return (
    <fieldset className="flex gap-1 rounded-full border border-line p-1 text-xs">
      <legend className="sr-only">{t("switchLabel")}</legend>
      {(["yandex", "spotify"] as const).map((s) => {
        const on = s === props.active;
        const cls = `rounded-full px-3 py-1 font-medium transition ${on ? "bg-gradient-to-r from-accent to-accent-2 text-white" : "text-muted hover:text-fg"}`;
        if (!props.services.includes(s)) {
          return (
            <a
              key={s}
              href={s === "spotify" ? "/spotify/connect" : "/yandex/connect"}
              className={cls}
              title={t("connect", { service: SOURCE_NAMES[s] })}
            >
              {SOURCE_NAMES[s]}
            </a>
          );
        }
        return (
          <button key={s} type="button" aria-pressed={on} onClick={() => props.onChange(s)} className={cls}>
            {SOURCE_NAMES[s]}
          </button>
        );
      })}
    </fieldset>
  );
}
