import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { AccountSecurity } from "@/components/settings/account-security";
import { Connections } from "@/components/settings/connections";
import { HiddenFromStats } from "@/components/settings/hidden-from-stats";
import { OutboxTargets } from "@/components/settings/outbox-targets";
import { ProfileForm } from "@/components/settings/profile-form";
import { ScrobbleTokens } from "@/components/settings/scrobble-tokens";
import { ShareLinks } from "@/components/settings/share-links";
import { card } from "@/components/ui/styles";
import { getDb } from "@/db/client";
import { isLocale } from "@/i18n/locale";
import { requireUser } from "@/lib/auth";
import { env } from "@/lib/env";
import { statsParams } from "@/lib/stats/params";
import { recapYears } from "@/lib/stats/recap";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings"))("title") };
}

const LASTFM_NOTICES = new Set(["connected", "state", "denied", "unavailable", "config"]);

export default async function SettingsPage({ searchParams }: { searchParams: Promise<{ lastfm?: string }> }) {
  const { lastfm } = await searchParams;
  const user = await requireUser();
  const t = await getTranslations("settings");
  const locale = await getLocale();
  const years = await recapYears(getDb(), statsParams(user, {}));
  const origin = new URL(env().APP_URL).origin;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <section className={card} aria-labelledby="account-title">
        <h2 id="account-title" className="mb-1 text-lg font-semibold">
          {t("account")}
        </h2>
        <p className="mb-4 text-sm text-muted">{t("signedInAs", { name: user.username })}</p>
        <ProfileForm
          locale={isLocale(locale) ? locale : "en"}
          timeZone={user.timeZone ?? env().INSTANCE_TIMEZONE}
        />
      </section>
      <Connections />
      <div className={card}>
        <ScrobbleTokens serverUrl={`${origin}/1/`} />
      </div>
      <div className={card}>
        <ShareLinks origin={origin} years={years} />
      </div>
      <div className={card}>
        <HiddenFromStats />
      </div>
      <div className={card}>
        <OutboxTargets notice={lastfm && LASTFM_NOTICES.has(lastfm) ? lastfm : null} />
      </div>
      <section className={card} aria-labelledby="security-title">
        <h2 id="security-title" className="mb-4 text-lg font-semibold">
          {(await getTranslations("accountSecurity"))("title")}
        </h2>
        <AccountSecurity username={user.username} />
      </section>
    </div>
  );
}
