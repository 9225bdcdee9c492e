import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AuditPanel } from "@/components/admin/audit-panel";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin");
  return { title: `${t("tab_audit")} · ${t("title")}` };
}

export default function AdminAuditPage() {
  return <AuditPanel />;
}
