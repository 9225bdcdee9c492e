import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { LikesView } from "@/components/likes/likes-view";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("stats.likes"))("title") };
}

export default async function LikesPage() {
  const t = await getTranslations("stats.likes");
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <Suspense>
        <LikesView />
      </Suspense>
    </div>
  );
}
