import enAdmin from "./en/admin.json";
import enCore from "./en/core.json";
import enExclusions from "./en/exclusions.json";
import enImports from "./en/imports.json";
import enOutbox from "./en/outbox.json";
import enProviders from "./en/providers.json";
import enPwa from "./en/pwa.json";
import enRecap from "./en/recap.json";
import enScrobble from "./en/scrobble.json";
import enSecurity from "./en/security.json";
import enShare from "./en/share.json";
import enStats from "./en/stats.json";
import enUi from "./en/ui.json";
import ruAdmin from "./ru/admin.json";
import ruCore from "./ru/core.json";
import ruExclusions from "./ru/exclusions.json";
import ruImports from "./ru/imports.json";
import ruOutbox from "./ru/outbox.json";
import ruProviders from "./ru/providers.json";
import ruPwa from "./ru/pwa.json";
import ruRecap from "./ru/recap.json";
import ruScrobble from "./ru/scrobble.json";
import ruSecurity from "./ru/security.json";
import ruShare from "./ru/share.json";
import ruStats from "./ru/stats.json";
import ruUi from "./ru/ui.json";

// One JSON file per feature and language; add a feature's pair here (same key in both languages).
export const MESSAGES = {
  en: {
    ...enImports,
    ...enExclusions,
    ...enOutbox,
    ...enProviders,
    ...enAdmin,
    ...enStats,
    ...enPwa,
    ...enRecap,
    ...enScrobble,
    ...enShare,
    ...enSecurity,
    ...enUi,
    ...enCore,
  },
  ru: {
    ...ruImports,
    ...ruExclusions,
    ...ruOutbox,
    ...ruProviders,
    ...ruAdmin,
    ...ruStats,
    ...ruPwa,
    ...ruRecap,
    ...ruScrobble,
    ...ruShare,
    ...ruSecurity,
    ...ruUi,
    ...ruCore,
  },
} as const;
