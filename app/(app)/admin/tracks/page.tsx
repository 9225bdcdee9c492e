import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { TracksPanel } from "@/components/admin/tracks-panel";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin");
  return { title: `${t("tab_tracks")} · ${t("title")}` };
}

export default function AdminTracksPage() {
  return <TracksPanel />;
}
