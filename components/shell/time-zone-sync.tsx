"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Saves the browser's time zone for a user who has none yet; Settings can change it later. */
export function TimeZoneSync({ hasTimeZone }: { hasTimeZone: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (hasTimeZone) return;
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    void fetch("/api/me", {
      method: "PATCH",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ timeZone }),
      // Re-render with the saved zone, so even the first page shows local times.
    }).then((res) => res.ok && router.refresh());
  }, [hasTimeZone, router]);
  return null;
}
