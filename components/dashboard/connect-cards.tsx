import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LogoMark } from "@/components/ui/logo";
import { buttonSecondary, card } from "@/components/ui/styles";

/** The empty dashboard: an invitation to connect a service or import history. */
export async function ConnectCards() {
  const t = await getTranslations("dashboard");
  return (
    <section className={`${card} text-center`} aria-labelledby="connect-title">
      <LogoMark className="mx-auto mb-3 h-12 w-12" />
      <h2 id="connect-title" className="text-xl font-bold">
        {t("emptyTitle")}
      </h2>
      <p className="mx-auto mb-6 max-w-md text-muted">{t("emptyText")}</p>
      <div className="flex flex-col justify-center gap-3 sm:flex-row">
        <Link href="/yandex/connect" className={`${buttonSecondary} border-yandex/60`}>
          <span aria-hidden className="inline-block h-3 w-3 rounded-full bg-yandex" />
          {t("connectYandex")}
        </Link>
        {/* A plain link: a prefetched <Link> would fetch the OAuth redirect in the background (CSP errors). */}
        <a href="/spotify/connect" className={`${buttonSecondary} border-spotify/60`}>
          <span aria-hidden className="inline-block h-3 w-3 rounded-full bg-spotify" />
          {t("connectSpotify")}
        </a>
        <Link href="/import" className={buttonSecondary}>
          ⇪ {t("importHistory")}
        </Link>
      </div>
    </section>
  );
}
