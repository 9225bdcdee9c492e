import { getOnboarding, onboardingPatch, updateOnboarding } from "@/lib/accounts/onboarding";
import { route } from "@/lib/http";

export const GET = route({ auth: "user" }, async ({ db, user }) => getOnboarding(db, user.id));

/** Confirms the time zone, records that the app runs installed, or hides the checklist for good. */
export const PATCH = route({ auth: "user", body: onboardingPatch }, async ({ db, user, body }) =>
  updateOnboarding(db, user.id, body),
);
