import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { requireUser } from "@/lib/auth";

// Non-admins get a plain 404: the admin area does not advertise itself.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  if (user.role !== "admin") notFound();
  const t = await getTranslations("admin");
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <AdminTabs />
      {children}
    </div>
  );
}
