"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { InstallButton } from "@/components/pwa/install-button";
import { clearOfflineData } from "@/components/pwa/sw-client";
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

export function UserMenu({ username }: { username: string }) {
  const t = useTranslations("nav");
  const [theme, setTheme] = useState<Theme>("system");
  useEffect(() => {
    const m = document.cookie.match(/(?:^|; )theme=(\w+)/);
    if (m?.[1] === "light" || m?.[1] === "dark") setTheme(m[1]);
  }, []);

  return (
    <div className="flex items-center gap-2">
      <InstallButton />
      <label className="sr-only" htmlFor="theme-select">
        {t("theme")}
      </label>
      <select
        id="theme-select"
        value={theme}
        onChange={(e) => {
          const next = e.target.value as Theme;
          setTheme(next);
          applyTheme(next);
        }}
        className="min-h-11 rounded-lg border border-line bg-card px-2 text-sm"
      >
        <option value="system">◐ {t("themeSystem")}</option>
        <option value="light">☀ {t("themeLight")}</option>
        <option value="dark">☾ {t("themeDark")}</option>
      </select>
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
