"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { type ReactNode, useEffect, useState } from "react";
import { InstallButton, isStandalone } from "@/components/pwa/install-button";
import { buttonSmall, card } from "@/components/ui/styles";
import { useFormat } from "@/components/ui/use-format";
import type { Onboarding, OnboardingStep } from "@/lib/accounts/onboarding";

const STEPS: OnboardingStep[] = ["connect", "import", "timeZone", "install"];

async function send(patch: Record<string, true>): Promise<Onboarding | null> {
  const res = await fetch("/api/me/onboarding", {
    method: "PATCH",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(patch),
  });
  return res.ok ? res.json() : null;
}

/** A new person's first steps on the dashboard; each ticks itself from real data, and the list can be hidden. */
export function OnboardingChecklist({ initial }: { initial: Onboarding }) {
  const t = useTranslations("onboarding");
  const td = useTranslations("dashboard");
  const format = useFormat();
  const router = useRouter();
  const [state, setState] = useState(initial);
  const update = (patch: Record<string, true>) => send(patch).then((next) => next && setState(next));

  // Opened from the home screen: the install step is done, on every device (the server keeps it).
  useEffect(() => {
    if (initial.done.install) return;
    const installed = () => void send({ installed: true }).then((next) => next && setState(next));
    if (isStandalone()) installed();
    window.addEventListener("appinstalled", installed);
    return () => window.removeEventListener("appinstalled", installed);
  }, [initial.done.install]);

  if (!state.visible) return null;
  const doneCount = STEPS.filter((s) => state.done[s]).length;
  const actions: Record<OnboardingStep, ReactNode> = {
    connect: (
      <>
        <Link href="/yandex/connect" className={buttonSmall}>
          {td("connectYandex")}
        </Link>
        {/* A plain link: a prefetched <Link> would fetch the OAuth redirect in the background. */}
        <a href="/spotify/connect" className={buttonSmall}>
          {td("connectSpotify")}
        </a>
      </>
    ),
    import: (
      <Link href="/import" className={buttonSmall}>
        {t("importAction")}
      </Link>
    ),
    timeZone: (
      <>
        <button type="button" className={buttonSmall} onClick={() => update({ timeZoneConfirmed: true })}>
          {t("confirmZone")}
        </button>
        <Link href="/settings#tz" className={buttonSmall}>
          {t("changeZone")}
        </Link>
      </>
    ),
    // Only where the browser can install (Chromium's prompt) or needs a how-to (iOS); else the text says how.
    install: <InstallButton labelled />,
  };
  return (
    <section className={card} aria-labelledby="onboarding-title">
      <div className="mb-3 flex items-start justify-between gap-3">
        <div>
          <h2 id="onboarding-title" className="text-lg font-bold">
            {t("title")}
          </h2>
          <p className="text-sm text-muted">{t("progress", { done: doneCount, total: STEPS.length })}</p>
        </div>
        <button
          type="button"
          className={`${buttonSmall} min-h-11 shrink-0`}
          // The empty dashboard's own invitation to connect takes the checklist's place.
          onClick={() => update({ dismissed: true }).then(() => router.refresh())}
          aria-label={t("dismissLabel")}
        >
          {t("dismiss")}
        </button>
      </div>
      <ol className="space-y-3">
        {STEPS.map((step, i) => {
          const done = state.done[step];
          return (
            <li key={step} className="flex gap-3" data-step={step} data-done={done}>
              <span
                aria-hidden
                className={`mt-0.5 flex h-7 w-7 shrink-0 items-center justify-center rounded-full text-sm font-semibold ${done ? "bg-emerald-600 text-white" : "border border-line text-muted"}`}
              >
                {done ? <CheckIcon /> : i + 1}
              </span>
              <div className="min-w-0 flex-1">
                <p className={`font-medium ${done ? "text-muted" : ""}`}>
                  {t(`${step}.title`)}
                  {done && <span className="sr-only"> — {t("done")}</span>}
                </p>
                {!done && (
                  <>
                    <p className="text-sm text-muted">
                      {t(`${step}.text`, {
                        zone: format.zoneName(format.now),
                        time: format.time(format.now),
                      })}
                    </p>
                    <div className="mt-2 flex flex-wrap gap-2 empty:hidden">{actions[step]}</div>
                  </>
                )}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

// Inline, like the app's other icons: a "✓" glyph renders as a box where the font lacks it.
function CheckIcon() {
  return (
    <svg
      viewBox="0 0 24 24"
      className="h-4 w-4"
      fill="none"
      stroke="currentColor"
      strokeWidth={3}
      aria-hidden="true"
    >
      <path d="m5 12 5 5 9-10" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
