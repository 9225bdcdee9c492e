"use client";

import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import { InstallIcon } from "./icons";

// Chromium's install event; not in TypeScript's DOM library yet.
type InstallPromptEvent = Event & {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: "accepted" | "dismissed" }>;
};

function isIos(): boolean {
  const ua = navigator.userAgent;
  // iPadOS reports itself as a Mac; touch points give it away.
  return /iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && navigator.maxTouchPoints > 1);
}

export function isStandalone(): boolean {
  const nav = navigator as Navigator & { standalone?: boolean };
  return matchMedia("(display-mode: standalone)").matches || nav.standalone === true;
}

/** Shown only when the browser offers installation (Chromium) or on iOS Safari, which needs a how-to. */
export function InstallButton({ labelled = false }: { labelled?: boolean }) {
  const t = useTranslations("pwa");
  const [prompt, setPrompt] = useState<InstallPromptEvent | null>(null);
  const [ios, setIos] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  // Unique per button: the header and the dashboard's checklist may both render one.
  const titleId = useId();

  useEffect(() => {
    if (isStandalone()) return;
    setIos(isIos());
    const onPrompt = (e: Event) => {
      e.preventDefault(); // keep the mini-infobar away; our button asks instead
      setPrompt(e as InstallPromptEvent);
    };
    const onInstalled = () => setPrompt(null);
    window.addEventListener("beforeinstallprompt", onPrompt);
    window.addEventListener("appinstalled", onInstalled);
    return () => {
      window.removeEventListener("beforeinstallprompt", onPrompt);
      window.removeEventListener("appinstalled", onInstalled);
    };
  }, []);

  if (!prompt && !ios) return null;
  const install = async () => {
    if (prompt) {
      try {
        await prompt.prompt();
        await prompt.userChoice;
      } catch {
        // The event's prompt is single-use: the header's and the checklist's buttons share one.
      } finally {
        setPrompt(null);
      }
    } else {
      dialog.current?.showModal();
    }
  };
  return (
    <>
      <button
        type="button"
        onClick={install}
        title={t("install")}
        className="inline-flex min-h-11 min-w-11 items-center justify-center gap-1 rounded-lg border border-line px-2 text-sm font-medium hover:bg-card-2"
      >
        <InstallIcon />
        <span className={labelled ? "" : "sr-only sm:not-sr-only"}>{t("installShort")}</span>
      </button>
      {ios && (
        <dialog
          ref={dialog}
          aria-labelledby={titleId}
          className="m-auto w-[min(24rem,calc(100vw-2rem))] rounded-2xl border border-line bg-card p-5 text-fg backdrop:bg-black/50"
        >
          <h2 id={titleId} className="mb-3 text-lg font-bold">
            {t("iosTitle")}
          </h2>
          <ol className="mb-4 list-decimal space-y-2 pl-5 text-sm">
            <li>{t("iosStep1")}</li>
            <li>{t("iosStep2")}</li>
            <li>{t("iosStep3")}</li>
          </ol>
          <form method="dialog">
            <button
              type="submit"
              className="min-h-11 w-full rounded-xl border border-line font-medium hover:bg-card-2"
            >
              {t("close")}
            </button>
          </form>
        </dialog>
      )}
    </>
  );
}
