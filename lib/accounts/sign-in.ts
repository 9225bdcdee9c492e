import { AsyncLocalStorage } from "node:async_hooks";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { getDb } from "@/db/client";
import { requireSecret } from "@/lib/env";
import { RateLimited } from "@/lib/errors";
import { requestAddress } from "@/lib/net/client-address";
import { consume, forget, reward } from "./limits";
import { findUserByUsername, foldUsername, hashPassword, verifyPassword } from "./users";

/**
 * What authorize() found out, handed back to the route handler around next-auth (which can only answer
 * 401 from inside authorize): a 429 to send instead, or a device cookie to set.
 */
export type SignInOutcome = { retry?: RateLimited; trustDevice?: number };
export const signInOutcome = new AsyncLocalStorage<SignInOutcome>();

export const DEVICE_COOKIE = "mt_device";

// OWASP's "device cookie": a browser that once signed in as a user carries a signed proof of it. Its
// attempts count against its own limit only, so someone who exhausts the username or address limits
// (easy when every client shares one address because no proxy is configured) cannot lock the owner out of
// a browser they have used before. New browsers wait out the window, as they must.
function sign(payload: string): string {
  return createHmac("sha256", requireSecret("AUTH_SECRET")).update(`device:${payload}`).digest("base64url");
}

export function deviceCookieValue(userId: number): string {
  const payload = `${userId}.${randomBytes(12).toString("base64url")}`;
  return `${payload}.${sign(payload)}`;
}

/** The device id when the cookie is genuine and belongs to `userId`, else null. */
export function trustedDevice(cookie: string | undefined, userId: number): string | null {
  const [uid, id, sig] = (cookie ?? "").split(".");
  if (!uid || !id || !sig || Number(uid) !== userId) return null;
  const want = Buffer.from(sign(`${uid}.${id}`));
  const got = Buffer.from(sig);
  return want.length === got.length && timingSafeEqual(want, got) ? id : null;
}

function cookieFrom(header: unknown, name: string): string | undefined {
  if (typeof header !== "string") return undefined;
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return undefined;
}

let dummy: Promise<string> | undefined;
const dummyHash = () => {
  dummy ??= hashPassword("not-a-real-password-0");
  return dummy;
};

type Headers = Record<string, unknown> | undefined;

/**
 * next-auth's authorize: takes the attempt from the limits *before* the password is checked (so parallel
 * guesses cannot race the count), then verifies. Credentials are what next-auth itself parsed, form or JSON.
 */
export async function authorizeCredentials(
  credentials: Record<string, unknown> | undefined,
  headers: Headers,
) {
  const username = typeof credentials?.username === "string" ? credentials.username : "";
  const password = typeof credentials?.password === "string" ? credentials.password : "";
  const outcome = signInOutcome.getStore();
  const db = getDb();
  const user = username && username.length <= 256 ? await findUserByUsername(db, username) : undefined;
  const address = requestAddress(headers);
  const name = foldUsername(username);
  const device = user ? trustedDevice(cookieFrom(headers?.cookie, DEVICE_COOKIE), user.id) : null;
  try {
    if (device) await consume(["signInDevice", device]);
    else
      await consume(
        ["signInUserAddress", `${name}\n${address}`],
        ["signInUser", name],
        ["signInAddress", address],
      );
  } catch (err) {
    if (!(err instanceof RateLimited) || !outcome) throw err;
    outcome.retry = err;
    return null;
  }
  // Unknown names are verified against a dummy hash so timing does not reveal which names exist.
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
  if (!valid || !user || user.disabledAt) return null;
  if (device) await forget("signInDevice", device);
  else {
    await forget("signInUserAddress", `${name}\n${address}`);
    await reward("signInUser", name);
    await reward("signInAddress", address);
  }
  if (outcome) outcome.trustDevice = user.id;
  return { id: String(user.id), name: user.username, sv: user.sessionVersion };
}
