"use client";

import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import { BAR_SLOT, isActive, type NavItem } from "./nav-items";
import { NavRow } from "./nav-row";

/**
 * The phone bar's last slot: the destinations that do not fit, in a sheet above the bar. A disclosure (not an
 * ARIA menu): plain links, closed by choosing one, Escape, a tap outside or navigation.
 */
export function MoreMenu({ items, pathname }: { items: NavItem[]; pathname: string }) {
  const t = useTranslations("nav");
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const here = items.some((i) => isActive(pathname, i.href));

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new page closes the sheet
  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (!open) return;
    const away = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("pointerdown", away);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", away);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  return (
    <div ref={root}>
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
        className={`${BAR_SLOT} ${here || open ? "text-accent-ink" : "text-muted hover:text-fg"}`}
      >
        <span aria-hidden className="text-lg leading-none">
          ⋯
        </span>
        <span className="max-w-full truncate">{t("more")}</span>
      </button>
      <ul
        id={id}
        hidden={!open}
        className="fixed right-2 bottom-[calc(3.75rem+env(safe-area-inset-bottom))] z-40 w-60 rounded-2xl border border-line bg-card p-2 shadow-xl"
      >
        {items.map((item) => (
          <NavRow
            key={item.href}
            item={item}
            label={t(item.key)}
            active={isActive(pathname, item.href)}
            onNavigate={() => setOpen(false)}
          />
        ))}
      </ul>
    </div>
  );
}
