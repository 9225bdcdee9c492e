import { randomBytes, timingSafeEqual } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { settings, users } from "@/db/schema";
import { env } from "@/lib/env";
import { HttpError } from "@/lib/errors";
import { isLoopback } from "@/lib/net/client-address";

// The first account becomes the admin, so on a fresh instance on a public address "whoever registers first"
// would own it. It may be created from this machine (loopback, as `npm start` users do), or from anywhere
// with the setup token the server prints at start (SETUP_TOKEN, or one generated and kept in the database so
// that every web process knows it). The token is deleted once the first account exists.
const KEY = "setupToken";

/** At start: the token to print when the instance has no account yet, else null. */
export async function ensureSetupToken(db: Db): Promise<string | null> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  if ((row?.n ?? 0) > 0) return null;
  const configured = env().SETUP_TOKEN;
  if (configured) return configured;
  await db
    .insert(settings)
    .values({ key: KEY, value: randomBytes(18).toString("base64url") })
    .onConflictDoNothing();
  const [stored] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, KEY));
  return typeof stored?.value === "string" ? stored.value : null;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function assertFirstAccountAllowed(
  db: Db,
  who: { address: string; setupToken?: string } | undefined,
): Promise<void> {
  if (who && isLoopback(who.address)) return;
  const given = who?.setupToken ?? "";
  const configured = env().SETUP_TOKEN;
  const [stored] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, KEY));
  const expected = [configured, typeof stored?.value === "string" ? stored.value : undefined];
  if (given && expected.some((e) => e && same(e, given))) return;
  throw new HttpError(403, "The first account (the administrator) needs the setup token printed at start", {
    field: "setupToken",
    code: "setup_token_required",
  });
}

export async function clearSetupToken(db: Db): Promise<void> {
  await db.delete(settings).where(eq(settings.key, KEY));
}
