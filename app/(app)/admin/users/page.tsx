import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { UsersPanel } from "@/components/admin/users-panel";
import { requireUser } from "@/lib/auth";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin");
  return { title: `${t("tab_users")} · ${t("title")}` };
}

export default async function AdminUsersPage() {
  const user = await requireUser("admin");
  return <UsersPanel selfId={user.id} />;
}
