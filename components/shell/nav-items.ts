export const NAV_ITEMS = [
  { href: "/dashboard", key: "dashboard", icon: "▦" },
  { href: "/history", key: "history", icon: "☰" },
  { href: "/activity", key: "activity", icon: "▤" },
  { href: "/import", key: "import", icon: "⇪" },
  { href: "/settings", key: "settings", icon: "⚙" },
] as const;

export const ADMIN_ITEM = { href: "/admin", key: "admin", icon: "♔" } as const;
