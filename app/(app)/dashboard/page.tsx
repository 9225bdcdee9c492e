import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ConnectCards } from "@/components/dashboard/connect-cards";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { getUserServices } from "@/lib/connections/services";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("dashboard") };
}

export default async function DashboardPage() {
  const user = await requireUser();
  const t = await getTranslations("dashboard");
  const { services } = await getUserServices(getDb(), user.id);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t("title")}</h1>
        <p className="text-muted">{t("welcome", { name: user.username })}</p>
      </div>
      {services.length === 0 && <ConnectCards />}
    </div>
  );
}
