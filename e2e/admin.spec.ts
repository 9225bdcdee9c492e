import { randomInt } from "node:crypto";
import { expect, test } from "@playwright/test";
import { JOBS, QUEUES } from "@/lib/jobs/contract";
import { closeJobsContext, createJobsContext, getQueue } from "@/lib/jobs/queues";
import { E2E_ADMIN, importScrobbles, PASSWORD, registerUser, signIn, snap, uniqueUser } from "./helpers";

test("an admin disables a user, who then cannot sign in", async ({ page, browser }, testInfo) => {
  const victim = uniqueUser("victim");
  const other = await browser.newPage();
  await registerUser(other, victim);
  await other.close();

  await signIn(page, E2E_ADMIN);
  await page.goto("/admin/users");
  await page.locator("#user-search").fill(victim);
  await page
    .getByRole("button", { name: `Disable ${victim}` })
    .first()
    .click();
  const dialog = page.getByRole("dialog");
  await snap(page, testInfo, "admin-disable-confirm");
  await dialog.locator("button[type=submit]").click();
  await expect(page.getByRole("button", { name: `Enable ${victim}` }).first()).toBeVisible();
  await snap(page, testInfo, "admin-users");

  const fresh = await browser.newPage();
  await fresh.goto("/login");
  await fresh.locator("#username").fill(victim);
  await fresh.locator("#password").fill(PASSWORD);
  await fresh.locator("form button[type=submit]").click();
  await expect(fresh.locator("form [role=alert]")).toBeVisible();
  await fresh.close();
});

test("an admin merges two copies of a song and keeps every listen", async ({ page, browser }, testInfo) => {
  const tag = uniqueUser("song").slice(5);
  const listener = await browser.newPage();
  await signIn(listener, await registerUser(listener));
  const now = Math.floor(Date.now() / 1000) - 3600;
  await importScrobbles(listener, [
    `${now},x,Merge Band ${tag},,Album,,Mergeable ${tag},`,
    `${now - 600},x,Merge Band ${tag},,Album,,Mergable ${tag},`,
  ]);
  await listener.close();

  await signIn(page, E2E_ADMIN);
  await page.goto("/admin/tracks");
  await page.locator("input[type=search]").fill(tag);
  const picks = page.getByRole("checkbox", { name: /for merging/ });
  await expect(picks).toHaveCount(2);
  await picks.nth(0).check();
  await picks.nth(1).check();
  await page.getByRole("button", { name: /Merge selected/ }).click();
  await snap(page, testInfo, "admin-merge");
  await page.getByRole("dialog").locator("button[type=submit]").click();
  await expect(picks).toHaveCount(1);
  // Both listens now belong to the surviving track (a table cell on desktop, a card line on phones).
  await expect(
    page
      .getByText(/^2( plays)?$/)
      .filter({ visible: true })
      .first(),
  ).toBeVisible();
});

test("an admin retries a failed job", async ({ page }, testInfo) => {
  // Without Redis the jobs run in-process and there is no failed-job list to retry from.
  const redisUrl = process.env.REDIS_URL;
  test.skip(!redisUrl, "needs REDIS_URL (BullMQ)");
  const ctx = createJobsContext(redisUrl ?? "", process.env.E2E_JOBS_PREFIX ?? "");
  const jobId = `enrich:track:${randomInt(1e9)}`;
  try {
    // A payload the worker refuses (track ids are positive): it fails at once and is kept as evidence.
    await getQueue(ctx, QUEUES.enrich).add(JOBS.enrichTrack, { trackId: -1 }, { jobId, attempts: 1 });
  } finally {
    await closeJobsContext(ctx);
  }
  await signIn(page, E2E_ADMIN);
  const retry = page.getByRole("button", { name: `Retry job ${jobId}` }).filter({ visible: true });
  await expect(async () => {
    await page.goto("/admin/jobs");
    await expect(retry).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await snap(page, testInfo, "admin-jobs");
  await retry.click();
  await expect(page.getByText(`Job ${jobId} is queued again.`)).toBeVisible();
});
