import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { ActivityView } from "@/components/activity/activity-view";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("activity") };
}

export default async function ActivityPage() {
  const t = await getTranslations("nav");
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t("activity")}</h1>
      <Suspense>
        <ActivityView />
      </Suspense>
    </div>
  );
}
