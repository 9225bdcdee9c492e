import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { OfflineStatus } from "@/components/pwa/offline-status";
import { userCacheKey } from "@/components/pwa/user-cache-key";
import { Logo } from "@/components/ui/logo";
import type { SessionUser } from "@/lib/auth";
import { NavLinks } from "./nav-links";
import { SearchDialog } from "./search-dialog";
import { TimeZoneSync } from "./time-zone-sync";
import { UserMenu } from "./user-menu";

/** Sidebar on wide screens, a bottom bar within thumb reach on phones. */
export async function AppShell({ user, children }: { user: SessionUser; children: ReactNode }) {
  const t = await getTranslations("common");
  const tn = await getTranslations("nav");
  const isAdmin = user.role === "admin";
  return (
    <div className="min-h-dvh md:flex">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-card focus:p-2"
      >
        {t("skipToContent")}
      </a>
      <aside className="hidden w-60 shrink-0 border-r border-line bg-card p-4 md:block">
        <Link href="/dashboard" className="mb-6 block px-3 text-xl">
          <Logo />
        </Link>
        <nav aria-label={tn("menu")}>
          <NavLinks isAdmin={isAdmin} variant="side" />
        </nav>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-20 flex items-center justify-between gap-2 border-b border-line bg-bg/90 px-4 py-2 backdrop-blur">
          <Link
            href="/dashboard"
            // Phones show only the mark: the header must also fit the install button at 360 px.
            className="inline-flex min-h-11 min-w-11 shrink-0 items-center text-lg max-sm:[&_span_span]:sr-only md:invisible"
          >
            <Logo />
          </Link>
          <div className="flex min-w-0 items-center gap-2">
            <SearchDialog />
            <UserMenu username={user.username} />
          </div>
        </header>
        <OfflineStatus userKey={userCacheKey(user.id)} />
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 pb-24 pt-6 md:pb-10">
          {children}
        </main>
      </div>
      <nav
        aria-label={tn("menu")}
        className="fixed inset-x-0 bottom-0 z-30 border-t border-line bg-card pb-[env(safe-area-inset-bottom)] md:hidden"
      >
        <NavLinks isAdmin={isAdmin} variant="bottom" />
      </nav>
      <TimeZoneSync hasTimeZone={!!user.timeZone} />
    </div>
  );
}
