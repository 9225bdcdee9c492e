"use client";

import { useEffect } from "react";

/** Saves the browser's time zone for a user who has none yet; Settings can change it later. */
export function TimeZoneSync({ hasTimeZone }: { hasTimeZone: boolean }) {
  useEffect(() => {
    if (hasTimeZone) return;
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    void fetch("/api/me", {
      method: "PATCH",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ timeZone }),
    });
  }, [hasTimeZone]);
  return null;
}
