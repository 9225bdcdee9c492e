"use client";

import { usePathname, useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { useFormat } from "@/components/ui/use-format";
import type { Format } from "@/lib/format";
import { pageUrlsToWarm, swEnabled } from "./sw-client";

function formatSavedAt(ms: number, format: Format): string {
  const sameDay = format.date(ms) === format.date(Date.now());
  return sameDay
    ? format.time(ms)
    : format.custom(ms, { hour: "2-digit", minute: "2-digit", day: "numeric", month: "short" });
}

/**
 * Tells the worker whose data this page shows (so it saves copies under that person's cache only), and shows
 * "Offline — showing data from HH:MM" while the network is gone or a saved copy is on screen.
 */
export function OfflineStatus({ userKey }: { userKey: string }) {
  const t = useTranslations("pwa");
  const format = useFormat();
  const router = useRouter();
  const pathname = usePathname();
  const [offline, setOffline] = useState(false);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const savedAtRef = useRef(savedAt);
  savedAtRef.current = savedAt;

  useEffect(() => {
    setOffline(!navigator.onLine);
    const goOffline = () => setOffline(true);
    const goOnline = () => {
      setOffline(false);
      // Replace the saved copy on screen with live data as soon as we can.
      if (savedAtRef.current !== null) router.refresh();
      setSavedAt(null);
    };
    window.addEventListener("offline", goOffline);
    window.addEventListener("online", goOnline);
    return () => {
      window.removeEventListener("offline", goOffline);
      window.removeEventListener("online", goOnline);
    };
  }, [router]);

  useEffect(() => {
    if (!swEnabled()) return;
    const sw = navigator.serviceWorker;
    const onMessage = (e: MessageEvent<{ type?: string; cachedAt?: number }>) => {
      const at = e.data?.cachedAt;
      if (e.data?.type === "OFFLINE_DATA" && typeof at === "number") {
        setSavedAt((prev) => (prev === null ? at : Math.min(prev, at)));
      } else if (e.data?.type === "FRESH_DATA") {
        // The network answered this page again (sw.js): live data replaces the saved copy on screen.
        if (savedAtRef.current !== null) router.refresh();
        setSavedAt(null);
        setOffline(false);
      }
    };
    sw.addEventListener("message", onMessage);
    sw.controller?.postMessage({ type: "STATUS" });
    return () => sw.removeEventListener("message", onMessage);
  }, [router]);

  // Whose data this is, and which page to keep a copy of: the worker only sees full page loads itself, and
  // not the first one (it was not running yet) nor client-side navigations.
  const wasControlled = useRef(swEnabled() && !!navigator.serviceWorker.controller);
  useEffect(() => {
    if (!swEnabled() || !pathname) return;
    const sw = navigator.serviceWorker;
    void sw.ready.then((reg) => {
      const warm = wasControlled.current ? [location.pathname + location.search] : pageUrlsToWarm();
      wasControlled.current = true;
      (sw.controller ?? reg.active)?.postMessage({ type: "SET_USER", user: userKey, warm });
    });
  }, [userKey, pathname]);

  if (!offline && savedAt === null) return null;
  return (
    <div
      role="status"
      data-testid="offline-banner"
      className="border-b border-yandex/40 bg-yandex/15 px-4 py-2 text-center text-sm font-medium"
    >
      {savedAt !== null ? t("offlineSince", { time: formatSavedAt(savedAt, format) }) : t("offline")}
    </div>
  );
}
