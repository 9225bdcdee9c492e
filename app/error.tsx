"use client";

import { useTranslations } from "next-intl";
import { buttonPrimary } from "@/components/ui/styles";

// Shown instead of a stack trace when a page fails to render.
export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  const t = useTranslations("errors");
  return (
    <main className="mx-auto flex min-h-[60dvh] max-w-md flex-col items-center justify-center gap-4 px-6 text-center">
      <h1 className="text-2xl font-bold">{t("errorTitle")}</h1>
      <button type="button" onClick={reset} className={buttonPrimary}>
        {t("retry")}
      </button>
    </main>
  );
}
