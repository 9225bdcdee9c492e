import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { connections, imports, users } from "@/db/schema";
import { encrypt } from "@/lib/crypto";
import { createTestUser } from "@/test/helpers/factories";
import { getOnboarding, onboardingPatch, updateOnboarding } from "./onboarding";

const db = () => getDb();

async function addImport(userId: number, status: "running" | "done") {
  await db()
    .insert(imports)
    .values({ userId, kind: "lastfm", fileName: "scrobbles.csv", fileSha256: "x", status });
}

describe("onboarding checklist", () => {
  it("ticks each step from the person's own data and hides once all are done", async () => {
    const user = await createTestUser({ prefix: "onb" });
    const other = await createTestUser({ prefix: "onb" });
    // Another person's progress never ticks this one's steps.
    await db()
      .insert(connections)
      .values({ userId: other.id, provider: "yandex", accessTokenEnc: encrypt("t") });
    await addImport(other.id, "done");
    await db().update(users).set({ timeZone: "Europe/Moscow" }).where(eq(users.id, user.id));

    const fresh = await getOnboarding(db(), user.id);
    // A zone saved silently from the browser is not yet a checked one.
    expect(fresh).toEqual({
      visible: true,
      timeZone: "Europe/Moscow",
      done: { connect: false, import: false, timeZone: false, install: false },
    });

    await db()
      .insert(connections)
      .values({ userId: user.id, provider: "yandex", accessTokenEnc: encrypt("t") });
    await addImport(user.id, "running");
    expect((await getOnboarding(db(), user.id)).done).toMatchObject({ connect: true, import: false });
    await addImport(user.id, "done");
    await updateOnboarding(db(), user.id, { timeZoneConfirmed: true });
    const most = await getOnboarding(db(), user.id);
    expect(most.done).toEqual({ connect: true, import: true, timeZone: true, install: false });
    expect(most.visible).toBe(true);

    const all = await updateOnboarding(db(), user.id, { installed: true });
    expect(all.visible).toBe(false);
  });

  it("stays dismissed, and flags only accumulate", async () => {
    const user = await createTestUser({ prefix: "onb" });
    expect((await updateOnboarding(db(), user.id, { dismissed: true })).visible).toBe(false);
    const later = await updateOnboarding(db(), user.id, { installed: true });
    expect(later.visible).toBe(false);
    expect(later.done.install).toBe(true);
    const [row] = await db().select({ o: users.onboarding }).from(users).where(eq(users.id, user.id));
    expect(row?.o).toEqual({ dismissed: true, installed: true });
  });

  it("accepts only the known flags, set to true", () => {
    expect(onboardingPatch.safeParse({ dismissed: true }).success).toBe(true);
    expect(onboardingPatch.safeParse({}).success).toBe(false);
    expect(onboardingPatch.safeParse({ dismissed: false }).success).toBe(false);
    expect(onboardingPatch.safeParse({ role: "admin" }).success).toBe(false);
  });
});
