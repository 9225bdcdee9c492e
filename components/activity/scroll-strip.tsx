"use client";

import { useTranslations } from "next-intl";
import { type ReactNode, useLayoutEffect, useRef, useState } from "react";

/**
 * A strip wider than a phone: it opens scrolled to what matters now (`at`, 0…1 of its width: the latest
 * month, the current hour) and says it scrolls, while it is cut.
 */
export function ScrollStrip({ at, children }: { at: number; children: ReactNode }) {
  const t = useTranslations("stats.activity");
  const ref = useRef<HTMLDivElement>(null);
  const [cut, setCut] = useState(false);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const over = el.scrollWidth - el.clientWidth;
    setCut(over > 1);
    el.scrollLeft = Math.max(0, Math.min(over, at * el.scrollWidth - el.clientWidth / 2));
  }, [at]);
  return (
    <div>
      <div ref={ref} className="overflow-x-auto pb-2" tabIndex={cut ? 0 : undefined}>
        {children}
      </div>
      {cut && (
        <p className="mt-1 text-xs text-muted" aria-hidden>
          ← {t("scrollHint")} →
        </p>
      )}
    </div>
  );
}
