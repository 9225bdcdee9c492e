import enAdmin from "./en/admin.json";
import enCore from "./en/core.json";
import enPwa from "./en/pwa.json";
import enStats from "./en/stats.json";
import ruAdmin from "./ru/admin.json";
import ruCore from "./ru/core.json";
import ruPwa from "./ru/pwa.json";
import ruStats from "./ru/stats.json";

// One JSON file per feature and language; add a feature's pair here (same key in both languages).
export const MESSAGES = {
  en: { ...enAdmin, ...enStats, ...enPwa, ...enCore },
  ru: { ...ruAdmin, ...ruStats, ...ruPwa, ...ruCore },
} as const;
