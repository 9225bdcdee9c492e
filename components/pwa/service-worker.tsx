"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { swEnabled } from "./sw-client";

// Public pages where nobody is signed in: saved data of whoever used the device before must go.
const SIGNED_OUT_PAGES = ["/login", "/register"];

/**
 * Registers /sw.js after the page has loaded and offers a waiting new version as "Update available — reload"
 * instead of switching code under a running page.
 */
export function ServiceWorker() {
  const t = useTranslations("pwa");
  const [waiting, setWaiting] = useState<ServiceWorker | null>(null);
  const reloading = useRef(false);

  useEffect(() => {
    if (!swEnabled()) return;
    let reg: ServiceWorkerRegistration | undefined;
    const offer = () => {
      if (reg?.waiting && navigator.serviceWorker.controller) setWaiting(reg.waiting);
    };
    const onVisible = () => {
      if (document.visibilityState === "visible") void reg?.update().catch(() => {});
    };
    const onControllerChange = () => {
      if (reloading.current) location.reload();
    };
    const register = async () => {
      reg = await navigator.serviceWorker.register("/sw.js", { scope: "/", updateViaCache: "none" });
      offer();
      reg.addEventListener("updatefound", () => {
        const installing = reg?.installing;
        installing?.addEventListener("statechange", () => {
          if (installing.state === "installed") offer();
        });
      });
      const ready = await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) ready.active?.postMessage({ type: "CLAIM" });
      if (SIGNED_OUT_PAGES.includes(location.pathname)) {
        (navigator.serviceWorker.controller ?? ready.active)?.postMessage({ type: "SET_USER", user: null });
      }
    };
    const start = () => void register().catch(() => {});
    if (document.readyState === "complete") start();
    else window.addEventListener("load", start, { once: true });
    navigator.serviceWorker.addEventListener("controllerchange", onControllerChange);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      window.removeEventListener("load", start);
      navigator.serviceWorker.removeEventListener("controllerchange", onControllerChange);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, []);

  if (!waiting) return null;
  return (
    <div
      role="status"
      className="fixed inset-x-3 bottom-[calc(4.5rem+env(safe-area-inset-bottom))] z-40 mx-auto flex max-w-md items-center justify-between gap-3 rounded-2xl border border-line bg-card p-3 shadow-lg md:bottom-4"
    >
      <span className="text-sm font-medium">{t("updateAvailable")}</span>
      <button
        type="button"
        onClick={() => {
          reloading.current = true;
          waiting.postMessage({ type: "SKIP_WAITING" });
        }}
        className="min-h-11 rounded-xl bg-gradient-to-r from-accent to-accent-2 px-4 font-semibold text-white"
      >
        {t("reload")}
      </button>
    </div>
  );
}
