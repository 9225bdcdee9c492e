import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { ConnectCards } from "@/components/dashboard/connect-cards";
import { DashboardWidgets } from "@/components/dashboard/dashboard-widgets";
import { OnboardingChecklist } from "@/components/dashboard/onboarding-checklist";
import { NowPlayingCard } from "@/components/now-playing/now-playing-card";
import { buttonSmall } from "@/components/ui/styles";
import { getDb } from "@/db/client";
import { getOnboarding } from "@/lib/accounts/onboarding";
import { requireUser } from "@/lib/auth";
import { getUserServices } from "@/lib/connections/services";
import { defaultRange, listenSpan } from "@/lib/stats/has-listens";
import { userTimeZone } from "@/lib/stats/params";
import { localParts } from "@/lib/stats/zone";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("dashboard") };
}

export default async function DashboardPage() {
  const user = await requireUser();
  const t = await getTranslations("dashboard");
  const [{ services }, span, onboarding] = await Promise.all([
    getUserServices(getDb(), user.id),
    listenSpan(getDb(), user.id),
    getOnboarding(getDb(), user.id),
  ]);
  const empty = services.length === 0 && !span;
  // The recap of the year of the latest listen (last year's in January, before this year has much).
  const recapYear = span && localParts(userTimeZone(user), Date.parse(span.last)).year;
  const tr = await getTranslations("recap");
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">{t("title")}</h1>
          <p className="text-muted">
            {t.rich("welcome", { name: user.username, b: (c) => <span translate="no">{c}</span> })}
          </p>
        </div>
        {recapYear && (
          <Link href={`/recap/${recapYear}`} className={buttonSmall}>
            {tr("dashboardLink", { year: recapYear })}
          </Link>
        )}
      </div>
      {onboarding.visible && <OnboardingChecklist initial={onboarding} />}
      {/* The checklist already offers connecting and importing; the big invitation is for those who hid it. */}
      {empty && !onboarding.visible && <ConnectCards />}
      {/* A player scrobbling to /1/ can be someone's first source: what it plays shows before any listen. */}
      {empty && (
        <Suspense>
          <NowPlayingCard services={[]} />
        </Suspense>
      )}
      {!empty && (
        <Suspense>
          <DashboardWidgets services={services} span={span} defaultRange={defaultRange(span, Date.now())} />
        </Suspense>
      )}
    </div>
  );
}
