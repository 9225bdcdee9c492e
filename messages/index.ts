import enAdmin from "./en/admin.json";
import enCore from "./en/core.json";
import enStats from "./en/stats.json";
import ruAdmin from "./ru/admin.json";
import ruCore from "./ru/core.json";
import ruStats from "./ru/stats.json";

// One JSON file per feature and language; add a feature's pair here (same key in both languages).
export const MESSAGES = {
  en: { ...enAdmin, ...enStats, ...enCore },
  ru: { ...ruAdmin, ...ruStats, ...ruCore },
} as const;
