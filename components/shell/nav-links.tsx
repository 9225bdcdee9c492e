"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { ADMIN_ITEM, NAV_ITEMS } from "./nav-items";

/** The same links serve the desktop sidebar and the phone's bottom bar. */
export function NavLinks({ isAdmin, variant }: { isAdmin: boolean; variant: "side" | "bottom" }) {
  const t = useTranslations("nav");
  const pathname = usePathname();
  const items = isAdmin ? [...NAV_ITEMS, ADMIN_ITEM] : NAV_ITEMS;
  return (
    <ul className={variant === "side" ? "space-y-1" : "flex justify-around"}>
      {items.map((item) => {
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
        const base =
          variant === "side"
            ? "flex min-h-11 items-center gap-3 rounded-xl px-3 py-2 font-medium"
            : "flex min-h-14 min-w-14 flex-col items-center justify-center gap-0.5 px-1 text-[11px]";
        const tone = active
          ? variant === "side"
            ? "bg-gradient-to-r from-accent/20 to-accent-2/10 text-fg"
            : "text-accent"
          : "text-muted hover:text-fg";
        return (
          <li key={item.href}>
            <Link href={item.href} aria-current={active ? "page" : undefined} className={`${base} ${tone}`}>
              <span aria-hidden className={variant === "side" ? "w-5 text-center" : "text-lg leading-none"}>
                {item.icon}
              </span>
              {t(item.key)}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
