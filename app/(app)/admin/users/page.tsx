import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { UsersPanel } from "@/components/admin/users-panel";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin");
  return { title: `${t("tab_users")} · ${t("title")}` };
}

export default function AdminUsersPage() {
  return <UsersPanel />;
}
