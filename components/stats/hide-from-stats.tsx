"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { buttonSmall } from "@/components/ui/styles";
import { apiFetch } from "@/lib/client/fetch";
import type { ExclusionTarget } from "@/lib/stats/exclusions";

/**
 * The artist and track pages' switch for exclusions, with a note while hidden. `hiddenBy` says whether the
 * item is hidden by itself ("self") or through its hidden artist (then there is nothing to switch here).
 */
export function HideFromStats({
  target,
  hiddenBy,
}: {
  target: ExclusionTarget;
  hiddenBy: "self" | "artist" | null;
}) {
  const t = useTranslations("exclusions");
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(false);

  async function toggle() {
    setBusy(true);
    setError(false);
    try {
      if (hiddenBy === "self")
        await apiFetch("/api/stats/exclusions", { method: "DELETE", params: { ...target } });
      else await apiFetch("/api/stats/exclusions", { method: "POST", body: target });
      router.refresh();
    } catch {
      setError(true);
    } finally {
      setBusy(false);
    }
  }

  const note =
    hiddenBy === "artist"
      ? t("hiddenByArtist")
      : hiddenBy === "self"
        ? t(target.kind === "artist" ? "hiddenArtist" : "hiddenTrack")
        : null;
  return (
    <div className="space-y-2">
      {note && (
        <p role="status" className="rounded-xl border border-line bg-card-2 px-3 py-2 text-sm">
          {note}
        </p>
      )}
      {hiddenBy !== "artist" && (
        <button type="button" disabled={busy} onClick={() => void toggle()} className={buttonSmall}>
          {hiddenBy === "self" ? t("show") : t(target.kind === "artist" ? "hideArtist" : "hideTrack")}
        </button>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {t("failed")}
        </p>
      )}
    </div>
  );
}
