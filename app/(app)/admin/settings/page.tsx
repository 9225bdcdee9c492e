import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { InstanceSettingsForm } from "@/components/admin/instance-settings-form";
import { card } from "@/components/ui/styles";
import { getDb } from "@/db/client";
import { getInstanceSettings } from "@/lib/settings";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin");
  return { title: `${t("tab_settings")} · ${t("title")}` };
}

export default async function AdminSettingsPage() {
  const t = await getTranslations("admin");
  return (
    <section className={card} aria-labelledby="instance-title">
      <h2 id="instance-title" className="mb-4 text-lg font-semibold">
        {t("instanceSettings")}
      </h2>
      <InstanceSettingsForm initial={await getInstanceSettings(getDb())} />
    </section>
  );
}
