"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { InstallButton } from "@/components/pwa/install-button";
import { clearOfflineData } from "@/components/pwa/sw-client";
import { LineIcon } from "@/components/ui/line-icon";
import { THEME_COOKIE, type Theme } from "./theme";

function applyTheme(theme: Theme) {
  document.cookie = `${THEME_COOKIE}=${theme}; path=/; max-age=31536000; samesite=lax`;
  const dark = theme === "dark" || (theme === "system" && matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
}

async function signOut() {
  // The offline copies of this person's pages and data must not outlive the session.
  await clearOfflineData();
  // next-auth's sign-out endpoint wants its CSRF token; afterwards the landing page.
  const { csrfToken } = await (await fetch("/api/auth/csrf")).json();
  await fetch("/api/auth/signout", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, json: "true" }),
  });
  location.assign("/");
}

const NEXT: Record<Theme, Theme> = { system: "light", light: "dark", dark: "system" };
const THEME_LABEL = { system: "themeSystem", light: "themeLight", dark: "themeDark" } as const;

// Inline, like the other icons: the ◐ ☀ ☾ glyphs render as boxes where a phone's font lacks them.
function ThemeIcon({ theme }: { theme: Theme }) {
  const paths = {
    system: "M12 3a9 9 0 1 0 0 18V3Z M12 3a9 9 0 0 1 0 18",
    light:
      "M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8Z M12 2v2 M12 20v2 M4.9 4.9l1.4 1.4 M17.7 17.7l1.4 1.4 M2 12h2 M20 12h2 M4.9 19.1l1.4-1.4 M17.7 6.3l1.4-1.4",
    dark: "M20 14.5A8 8 0 0 1 9.5 4a8 8 0 1 0 10.5 10.5Z",
  };
  return <LineIcon d={paths[theme]} />;
}

export function UserMenu({ username }: { username: string }) {
  const t = useTranslations("nav");
  const [theme, setTheme] = useState<Theme>("system");
  useEffect(() => {
    const m = document.cookie.match(/(?:^|; )theme=(\w+)/);
    if (m?.[1] === "light" || m?.[1] === "dark") setTheme(m[1]);
  }, []);

  const choose = (next: Theme) => {
    setTheme(next);
    applyTheme(next);
  };

  return (
    <div className="flex items-center gap-2">
      <InstallButton />
      <label className="sr-only" htmlFor="theme-select">
        {t("theme")}
      </label>
      <select
        id="theme-select"
        value={theme}
        onChange={(e) => choose(e.target.value as Theme)}
        className="min-h-11 rounded-lg border border-line bg-card px-2 text-sm max-sm:hidden"
      >
        <option value="system">◐ {t("themeSystem")}</option>
        <option value="light">☀ {t("themeLight")}</option>
        <option value="dark">☾ {t("themeDark")}</option>
      </select>
      {/* A phone's header has no room for the menu (it pushed "Sign out" to the edge): one button cycles. */}
      <button
        type="button"
        onClick={() => choose(NEXT[theme])}
        aria-label={`${t("theme")}: ${t(THEME_LABEL[theme])}`}
        title={`${t("theme")}: ${t(THEME_LABEL[theme])}`}
        className="inline-flex min-h-11 min-w-11 items-center justify-center rounded-lg border border-line hover:bg-card-2 sm:hidden"
      >
        <ThemeIcon theme={theme} />
      </button>
      <span className="hidden text-sm text-muted sm:inline" translate="no">
        {username}
      </span>
      <button
        type="button"
        onClick={signOut}
        className="min-h-11 whitespace-nowrap rounded-lg border border-line px-3 text-sm font-medium hover:bg-card-2"
      >
        {t("signOut")}
      </button>
    </div>
  );
}
