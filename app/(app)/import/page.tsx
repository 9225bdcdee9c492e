import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ExportButtons } from "@/components/imports/export-buttons";
import { ImportPanel } from "@/components/imports/import-panel";
import { SpotifyGuide } from "@/components/imports/spotify-guide";
import { getDb } from "@/db/client";
import { getOnboarding } from "@/lib/accounts/onboarding";
import { requireUser } from "@/lib/auth";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("import") };
}

export default async function ImportPage() {
  const t = await getTranslations("nav");
  const user = await requireUser();
  const { done } = await getOnboarding(getDb(), user.id);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t("import")}</h1>
      <ImportPanel guide={<SpotifyGuide open={!done.import} />} />
      <ExportButtons />
    </div>
  );
}
