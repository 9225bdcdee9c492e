import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ConnectionsList } from "@/components/admin/connections-list";
import { ImportsList } from "@/components/admin/imports-list";
import { ListensPanel } from "@/components/admin/listens-panel";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin");
  return { title: `${t("tab_activity")} · ${t("title")}` };
}

export default function AdminActivityPage() {
  return (
    <div className="space-y-6">
      <ListensPanel />
      <ImportsList />
      <ConnectionsList />
    </div>
  );
}
