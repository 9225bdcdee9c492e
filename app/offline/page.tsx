import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { OfflineIcon } from "@/components/pwa/icons";
import { ReloadButton } from "@/components/pwa/reload-button";
import { buttonPrimary, buttonSecondary } from "@/components/ui/styles";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("pwa"))("offline") };
}

/**
 * The service worker saves this page when it installs and shows it for a page that was never opened on this
 * device while the network is down (pages opened before are served from their saved copy instead).
 */
export default async function OfflinePage() {
  const t = await getTranslations("pwa");
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-6 px-6 text-center">
      <OfflineIcon className="h-14 w-14 text-muted" />
      <h1 className="text-2xl font-bold">{t("offlinePageTitle")}</h1>
      <p className="text-muted">{t("offlinePageText")}</p>
      <div className="flex w-full flex-col gap-3">
        <ReloadButton className={buttonPrimary}>{t("tryAgain")}</ReloadButton>
        <Link href="/dashboard" className={buttonSecondary}>
          {t("toDashboard")}
        </Link>
      </div>
    </main>
  );
}
