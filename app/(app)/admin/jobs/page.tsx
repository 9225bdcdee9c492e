import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { JobsPanel } from "@/components/admin/jobs-panel";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin");
  return { title: `${t("tab_jobs")} · ${t("title")}` };
}

export default function AdminJobsPage() {
  return <JobsPanel />;
}
