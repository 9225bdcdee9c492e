import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { ForYouView } from "@/components/for-you/for-you-view";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("forYou") };
}

export default async function ForYouPage() {
  const t = await getTranslations("nav");
  const tu = await getTranslations("ui.forYou");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t("forYou")}</h1>
        <p className="text-muted">{tu("intro")}</p>
      </div>
      <Suspense>
        <ForYouView />
      </Suspense>
    </div>
  );
}
