import { redirect } from "next/navigation";

// The original app's lyrics URL (seed-app-contract §1): lyrics now live on the track page.
export default async function LegacyLyricsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  redirect(`/track/${encodeURIComponent(id)}#lyrics`);
}
