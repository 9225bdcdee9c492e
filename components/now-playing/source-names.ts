import { useTranslations } from "next-intl";
import type { Source } from "./use-now-playing";

/** Service names as the reader says them ("Яндекс Музыка" in Russian), from the catalogs like every label. */
export type { Source };

/** Any source or provider value, named in the reader's language (an unknown value is shown as it is). */
export function useSourceName(): (source: string) => string {
  const t = useTranslations("stats.filters.sources");
  return (source) => (t.has(source) ? t(source) : source);
}

export function useSourceNames(): Record<Source, string> {
  const t = useTranslations("stats.filters.sources");
  return { yandex: t("yandex"), spotify: t("spotify") };
}
