import { useTranslations } from "next-intl";
import type { Source } from "./use-now-playing";

/** Service names as the reader says them ("Яндекс Музыка" in Russian), from the catalogs like every label. */
export type { Source };

export function useSourceNames(): Record<Source, string> {
  const t = useTranslations("stats.filters.sources");
  return { yandex: t("yandex"), spotify: t("spotify") };
}
