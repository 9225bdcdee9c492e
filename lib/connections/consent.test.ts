import { describe, expect, it } from "vitest";
import { consentExpiresAt, RECONSENT_WARN_DAYS, reconsentDue } from "./consent";

const DAY = 24 * 3600_000;
const consent = new Date("2026-05-10T12:00:00Z");

describe("Spotify re-consent", () => {
  it("expires six months after consent, never later than 182 days", () => {
    // 2026-05-10 + 6 months = 2026-11-10 (184 days): the 182-day bound wins.
    expect(consentExpiresAt("spotify", consent)?.toISOString()).toBe("2026-11-08T12:00:00.000Z");
    // 2026-01-10 + 6 months = 2026-07-10 (181 days): the calendar wins.
    expect(consentExpiresAt("spotify", "2026-01-10T00:00:00Z")?.toISOString()).toBe(
      "2026-07-10T00:00:00.000Z",
    );
  });

  it("has nothing to say for Yandex or an unknown consent time", () => {
    expect(consentExpiresAt("yandex", consent)).toBeNull();
    expect(reconsentDue("spotify", null)).toBeNull();
    expect(reconsentDue("spotify", "not a date")).toBeNull();
  });

  it("warns only within the last days, counting down, then says it expired", () => {
    const expiry = (consentExpiresAt("spotify", consent) as Date).getTime();
    expect(reconsentDue("spotify", consent, consent.getTime() + 30 * DAY)).toBeNull();
    expect(reconsentDue("spotify", consent, expiry - RECONSENT_WARN_DAYS * DAY - 1)).toBeNull();
    expect(reconsentDue("spotify", consent, expiry - RECONSENT_WARN_DAYS * DAY)).toMatchObject({
      daysLeft: RECONSENT_WARN_DAYS,
      expired: false,
    });
    expect(reconsentDue("spotify", consent, expiry - 2.5 * DAY)).toMatchObject({
      daysLeft: 3,
      expired: false,
    });
    expect(reconsentDue("spotify", consent, expiry + DAY)).toMatchObject({ daysLeft: 0, expired: true });
  });
});
