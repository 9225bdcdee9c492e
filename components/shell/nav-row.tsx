import Link from "next/link";
import type { NavItem } from "./nav-items";

/** One destination as a full-width row: the desktop sidebar and the phone's "More" sheet. */
export function NavRow({
  item,
  label,
  active,
  onNavigate,
}: {
  item: NavItem;
  label: string;
  active: boolean;
  onNavigate?: () => void;
}) {
  return (
    <li>
      <Link
        href={item.href}
        aria-current={active ? "page" : undefined}
        onClick={onNavigate}
        className={`flex min-h-12 items-center gap-3 rounded-xl px-3 font-medium ${active ? "bg-gradient-to-r from-accent/20 to-accent-2/10 text-fg" : "text-muted hover:bg-card-2 hover:text-fg"}`}
      >
        <span aria-hidden className="w-5 text-center text-lg">
          {item.icon}
        </span>
        {label}
      </Link>
    </li>
  );
}
