import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { InstanceSettingsForm } from "@/components/settings/instance-settings-form";
import { card } from "@/components/ui/styles";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { getInstanceSettings } from "@/lib/settings";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("title") };
}

export default async function AdminPage() {
  const user = await requireUser();
  if (user.role !== "admin") notFound();
  const t = await getTranslations("admin");
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <section className={card} aria-labelledby="reg-title">
        <h2 id="reg-title" className="mb-4 text-lg font-semibold">
          {t("registration")}
        </h2>
        <InstanceSettingsForm initial={await getInstanceSettings(getDb())} />
      </section>
    </div>
  );
}
