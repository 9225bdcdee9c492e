import enCore from "./en/core.json";
import ruCore from "./ru/core.json";

// One JSON file per feature and language; add a feature's pair here (same key in both languages).
export const MESSAGES = {
  en: { ...enCore },
  ru: { ...ruCore },
} as const;
