/**
 * Spotify refresh tokens die 6 months after the user's consent, and refreshing does not extend them
 * (spotify-api.md §1.1, §2.5): after that the only way back is a new consent. We count from our own
 * consent time (set on every connect), take the shorter of six calendar months and 182 days so a warning is
 * never late, and warn a fortnight ahead. Yandex tokens have no such rule. Pure, so pages use it too.
 */
export const RECONSENT_WARN_DAYS = 14;
const DAY_MS = 24 * 3600_000;

export function consentExpiresAt(provider: string, consentAt: Date | string | null): Date | null {
  if (provider !== "spotify" || !consentAt) return null;
  const start = new Date(consentAt);
  if (Number.isNaN(start.getTime())) return null;
  const months = new Date(start);
  months.setUTCMonth(months.getUTCMonth() + 6);
  return new Date(Math.min(months.getTime(), start.getTime() + 182 * DAY_MS));
}

export type Reconsent = { expiresAt: Date; daysLeft: number; expired: boolean };

/** Whether to ask for a new consent now: within the warning window or already past the expiry; else null. */
export function reconsentDue(
  provider: string,
  consentAt: Date | string | null,
  now = Date.now(),
): Reconsent | null {
  return reconsentBy(consentExpiresAt(provider, consentAt), now);
}

/** The same, from a known expiry (the now-playing answer carries it). */
export function reconsentBy(expires: Date | string | null | undefined, now = Date.now()): Reconsent | null {
  if (!expires) return null;
  const expiresAt = new Date(expires);
  if (Number.isNaN(expiresAt.getTime())) return null;
  const left = expiresAt.getTime() - now;
  if (left > RECONSENT_WARN_DAYS * DAY_MS) return null;
  return { expiresAt, daysLeft: Math.max(0, Math.ceil(left / DAY_MS)), expired: left <= 0 };
}
