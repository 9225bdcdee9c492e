export type NavItem = { href: string; key: string; icon: string };

// Order of the sidebar; the phone's bottom bar shows the first PHONE_BAR_ITEMS and folds the rest into "More".
export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/dashboard", key: "dashboard", icon: "▦" },
  { href: "/history", key: "history", icon: "☰" },
  { href: "/activity", key: "activity", icon: "▤" },
  { href: "/likes", key: "likes", icon: "♥" },
  { href: "/for-you", key: "forYou", icon: "✦" },
  { href: "/import", key: "import", icon: "⇪" },
  { href: "/settings", key: "settings", icon: "⚙" },
];

export const ADMIN_ITEM: NavItem = { href: "/admin", key: "admin", icon: "♔" };

/** Four destinations plus "More" keep each bottom-bar target wide enough on a 360 px phone. */
export const PHONE_BAR_ITEMS = 4;

export function isActive(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}

/** One bottom-bar slot: icon over label, 56 px tall, a fifth of the bar wide. */
export const BAR_SLOT = "flex min-h-14 w-full flex-col items-center justify-center gap-0.5 px-1 text-[11px]";
