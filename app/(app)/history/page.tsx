import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { HistoryView } from "@/components/history/history-view";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("history") };
}

export default async function HistoryPage() {
  const t = await getTranslations("nav");
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t("history")}</h1>
      <Suspense>
        <HistoryView />
      </Suspense>
    </div>
  );
}
