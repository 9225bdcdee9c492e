"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { MoreMenu } from "./more-menu";
import { ADMIN_ITEM, BAR_SLOT, isActive, NAV_ITEMS, type NavItem, PHONE_BAR_ITEMS } from "./nav-items";
import { NavRow } from "./nav-row";

/** Desktop sidebar: every destination. Phone bottom bar: the first few, the rest under "More". */
export function NavLinks({ isAdmin, variant }: { isAdmin: boolean; variant: "side" | "bottom" }) {
  const t = useTranslations("nav");
  const pathname = usePathname();
  const items = isAdmin ? [...NAV_ITEMS, ADMIN_ITEM] : NAV_ITEMS;
  if (variant === "side") {
    return (
      <ul className="space-y-1">
        {items.map((item) => (
          <NavRow key={item.href} item={item} label={t(item.key)} active={isActive(pathname, item.href)} />
        ))}
      </ul>
    );
  }
  const bar = items.slice(0, PHONE_BAR_ITEMS);
  return (
    <ul className="grid grid-cols-5">
      {bar.map((item) => (
        <li key={item.href}>
          <BarLink
            item={item}
            label={t.has(`bar.${item.key}`) ? t(`bar.${item.key}`) : t(item.key)}
            active={isActive(pathname, item.href)}
          />
        </li>
      ))}
      <li>
        <MoreMenu items={items.slice(PHONE_BAR_ITEMS)} pathname={pathname} />
      </li>
    </ul>
  );
}

function BarLink({ item, label, active }: { item: NavItem; label: string; active: boolean }) {
  return (
    <Link
      href={item.href}
      aria-current={active ? "page" : undefined}
      className={`${BAR_SLOT} ${active ? "text-accent-ink" : "text-muted hover:text-fg"}`}
    >
      <span aria-hidden className="text-lg leading-none">
        {item.icon}
      </span>
      {/* Short labels that fit a fifth of 360 px (the catalogs give a short one where the full one does not). */}
      <span className="max-w-full text-center leading-tight">{label}</span>
    </Link>
  );
}
