"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";

export const ADMIN_SECTIONS = ["users", "tracks", "activity", "jobs", "settings", "audit"] as const;

export function AdminTabs() {
  const t = useTranslations("admin");
  const pathname = usePathname();
  return (
    // Wraps onto a second line on a phone: every section stays in sight (they scrolled off-screen before).
    <nav aria-label={t("sections")}>
      <ul className="flex flex-wrap gap-x-1 border-b border-line">
        {ADMIN_SECTIONS.map((s) => {
          const href = `/admin/${s}`;
          const active = pathname === href || pathname.startsWith(`${href}/`);
          return (
            <li key={s}>
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                className={`inline-flex min-h-11 items-center whitespace-nowrap border-b-2 px-3 font-medium ${
                  active ? "border-accent text-fg" : "border-transparent text-muted hover:text-fg"
                }`}
              >
                {t(`tab_${s}`)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
