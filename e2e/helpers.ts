import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, type Page, type TestInfo } from "@playwright/test";
import postgres from "postgres";
import { seedHistory } from "@/lib/seed";
import { e2eDatabaseUrlFile, PASSWORD } from "./constants";

export { E2E_ADMIN, PASSWORD } from "./constants";

export function uniqueUser(prefix = "e2e"): string {
  return `${prefix}_${randomBytes(4).toString("hex")}`;
}

/** Registers through the API (fast) — the register UI has its own spec. */
export async function registerUser(page: Page, username = uniqueUser()): Promise<string> {
  const res = await page.request.post("/api/register", { data: { username, password: PASSWORD } });
  expect(res.status()).toBe(201);
  return username;
}

export async function signIn(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.locator("#username").fill(username);
  await page.locator("#password").fill(password);
  await page.locator("form button[type=submit]").click();
  await page.waitForURL("**/dashboard");
}

/** Saves a full-page screenshot as a test artifact (test-results/…), named by page and project. */
export async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}-${testInfo.project.name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

/** Uploads a Last.fm CSV (rows after the header) as the signed-in user and waits until the import is done. */
export async function importScrobbles(page: Page, rows: string[]): Promise<void> {
  const csv = `uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid\n${rows.join("\n")}\n`;
  const res = await page.request.post("/api/imports", {
    multipart: { file: { name: "recenttracks.csv", mimeType: "text/csv", buffer: Buffer.from(csv) } },
  });
  expect(res.status()).toBe(202);
  const { id } = await res.json();
  await expect
    .poll(async () => (await (await page.request.get(`/api/imports/${id}`)).json()).status, {
      timeout: 60_000,
    })
    .toBe("done");
}

/** A phone's full-page shot draws its fixed bottom bar mid-page; the viewport is what a person sees. */
export async function snapScreen(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  if (testInfo.project.name !== "phone") return snap(page, testInfo, name);
  const path = testInfo.outputPath(`${name}-${testInfo.project.name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

/**
 * Gives a registered user a time zone and a generated history (straight into the e2e database: fast), and
 * with `admin` the admin role.
 */
export async function seedUser(
  username: string,
  opts: { timeZone: string; listens: number; years: number; seed: string; admin?: boolean },
): Promise<void> {
  const { admin = false, ...history } = opts;
  const sql = postgres(readFileSync(e2eDatabaseUrlFile(), "utf8"), { max: 2, onnotice: () => {} });
  try {
    const [user] = await sql<{ id: number }[]>`update users set time_zone = ${opts.timeZone}
      ${admin ? sql`, role = 'admin'` : sql``} where username = ${username} returning id`;
    if (!user) throw new Error(`no user ${username}`);
    await seedHistory(sql, { userId: user.id, ...history });
  } finally {
    await sql.end();
  }
}
