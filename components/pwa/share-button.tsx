"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { ShareIcon } from "./icons";

/**
 * Shares a track or a stats card: the system share sheet where the Web Share API exists (phones), otherwise
 * copies the link (and falls back to a plain link when even the clipboard is unavailable).
 * `url` may be relative; it is resolved against the current page.
 */
export function ShareButton({
  title,
  text,
  url,
  className,
}: {
  title: string;
  text?: string;
  url: string;
  className?: string;
}) {
  const t = useTranslations("pwa");
  const [copied, setCopied] = useState(false);
  const [fallback, setFallback] = useState<string | null>(null);

  const share = async () => {
    const href = new URL(url, location.href).href;
    const data = { title, text, url: href };
    if (typeof navigator.share === "function" && (!navigator.canShare || navigator.canShare(data))) {
      try {
        await navigator.share(data);
        return;
      } catch (err) {
        if (err instanceof DOMException && err.name === "AbortError") return; // the person closed the sheet
      }
    }
    try {
      await navigator.clipboard.writeText(href);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setFallback(href);
    }
  };

  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        onClick={share}
        className={
          className ??
          "inline-flex min-h-11 min-w-11 items-center justify-center gap-1 rounded-lg border border-line px-3 text-sm font-medium hover:bg-card-2"
        }
      >
        <ShareIcon />
        {copied ? t("linkCopied") : t("share")}
      </button>
      {fallback && (
        <a href={fallback} className="break-all text-sm text-accent-ink underline">
          {fallback}
        </a>
      )}
      <span role="status" className="sr-only">
        {copied ? t("linkCopied") : ""}
      </span>
    </span>
  );
}
