import type { MetadataRoute } from "next";
import { getLocale, getTranslations } from "next-intl/server";

// Reading the locale makes this a per-request route: the install dialog speaks the visitor's language.
export const dynamic = "force-dynamic";

// The dark palette (globals.css): the splash screen and title bar match the app in standalone mode.
const BACKGROUND = "#0f0b1c";
const THEME = "#0f0b1c";

export default async function manifest(): Promise<MetadataRoute.Manifest> {
  const locale = await getLocale();
  const t = await getTranslations("pwa");
  const icon = (src: string, size: number, purpose: "any" | "maskable") => ({
    src,
    sizes: `${size}x${size}`,
    type: "image/png",
    purpose,
  });
  const shortcutIcons = [{ src: "/icons/icon-192.png", sizes: "192x192", type: "image/png" }];
  return {
    id: "/",
    name: t("name"),
    short_name: t("shortName"),
    description: t("description"),
    lang: locale,
    dir: "ltr",
    start_url: "/dashboard",
    scope: "/",
    display: "standalone",
    orientation: "any",
    background_color: BACKGROUND,
    theme_color: THEME,
    categories: ["music", "entertainment", "lifestyle"],
    icons: [
      icon("/icons/icon-192.png", 192, "any"),
      icon("/icons/icon-512.png", 512, "any"),
      icon("/icons/maskable-192.png", 192, "maskable"),
      icon("/icons/maskable-512.png", 512, "maskable"),
    ],
    shortcuts: [
      {
        name: t("shortcutNowPlaying"),
        short_name: t("shortcutNowPlaying"),
        description: t("shortcutNowPlayingDescription"),
        url: "/dashboard",
        icons: shortcutIcons,
      },
      {
        name: t("shortcutHistory"),
        description: t("shortcutHistoryDescription"),
        url: "/history",
        icons: shortcutIcons,
      },
      {
        name: t("shortcutImport"),
        description: t("shortcutImportDescription"),
        url: "/import",
        icons: shortcutIcons,
      },
    ],
    screenshots: [
      {
        src: "/screenshots/dashboard-phone.png",
        sizes: "824x1830",
        type: "image/png",
        form_factor: "narrow",
        label: t("screenshotPhone"),
      },
      {
        src: "/screenshots/dashboard-wide.png",
        sizes: "1280x800",
        type: "image/png",
        form_factor: "wide",
        label: t("screenshotWide"),
      },
    ],
  };
}
