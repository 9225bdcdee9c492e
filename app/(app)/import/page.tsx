import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ExportButtons } from "@/components/imports/export-buttons";
import { ImportPanel } from "@/components/imports/import-panel";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("import") };
}

export default async function ImportPage() {
  const t = await getTranslations("nav");
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t("import")}</h1>
      <ImportPanel />
      <ExportButtons />
    </div>
  );
}
