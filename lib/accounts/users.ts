import { hash, verify } from "@node-rs/argon2";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { BadRequest, Conflict, Forbidden } from "@/lib/errors";
import { getInstanceSettings } from "@/lib/settings";
import { consume } from "./limits";
import { passwordProblems } from "./password-rules";
import { assertFirstAccountAllowed, clearSetupToken } from "./setup";

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * NFKC first, so look-alikes that are the same letters in another width or form ("ａｌｉｃｅ", "ﬁ") become
 * the one name they show; uniqueness then compares case-folded (the lower() index).
 */
export const normalizeUsername = (name: string) => name.normalize("NFKC").trim();
export const foldUsername = (name: string) => normalizeUsername(name).toLowerCase();

export const usernameSchema = z.preprocess(
  (v) => (typeof v === "string" ? normalizeUsername(v) : v),
  z
    .string()
    .min(3, "Username must be at least 3 characters")
    .max(40, "Username must be at most 40 characters")
    .regex(/^[\p{L}\p{N}_.-]+$/u, "Username may contain letters, digits, '_', '.' and '-'"),
);

export const registerSchema = z.object({
  username: usernameSchema,
  password: z.string().max(256),
});

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export function verifyPassword(stored: string, password: string): Promise<boolean> {
  return verify(stored, password).catch(() => false);
}

export function assertPasswordAllowed(password: string, username: string): void {
  const problem = passwordProblems(password, username)[0];
  if (problem) throw new BadRequest(PASSWORD_MESSAGES[problem], "password", problem);
}

export const PASSWORD_MESSAGES = {
  too_short: "Password must be at least 8 characters",
  too_long: "Password must be at most 256 characters",
  all_digits: "Password cannot be entirely numeric",
  too_common: "This password is too common",
  too_similar: "Password is too similar to the username",
} as const;

/** Who is registering, for the checks an admin skips: the setup of a fresh instance and the rate limit. */
export type Registrant = { address: string; setupToken?: string };

/**
 * Creates an account. The first account on an instance becomes the admin; an advisory lock makes
 * "first" hold even when two people register at the same moment. Everything cheap (closed, first-account
 * setup, rate limit) is checked before the password is hashed, so refusals cost no CPU.
 */
export async function createUser(
  db: Db,
  input: {
    username: string;
    password: string;
    role?: "user" | "admin";
    byAdmin?: boolean;
    registrant?: Registrant;
  },
) {
  const { username, password } = registerSchema.parse(input);
  assertPasswordAllowed(password, username);
  const selfService = async (tx: Db, count: number) => {
    if (input.byAdmin) return;
    if (!(await registrationAllowed(tx, count)))
      throw new Forbidden("Registration is closed on this instance");
    if (count === 0) await assertFirstAccountAllowed(tx, input.registrant);
  };
  await selfService(db, await userCount(db));
  if (!input.byAdmin) await consume(["register", input.registrant?.address ?? "unknown"]);
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('musictrace:register'))`);
    const count = await userCount(tx);
    await selfService(tx, count);
    const role = count === 0 ? "admin" : (input.role ?? "user");
    const [user] = await tx
      .insert(users)
      .values({ username, passwordHash, role })
      .onConflictDoNothing()
      .returning({ id: users.id, username: users.username, role: users.role });
    if (!user) throw new Conflict("This username is already taken", "username");
    if (count === 0) await clearSetupToken(tx);
    return user;
  });
}

async function userCount(db: Db): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(users);
  return row?.count ?? 0;
}

/** Open registration, or an empty instance (its first account must always be possible). */
export async function registrationAllowed(db: Db, count?: number): Promise<boolean> {
  if ((count ?? (await userCount(db))) === 0) return true;
  return (await getInstanceSettings(db)).registrationOpen;
}

export async function findUserByUsername(db: Db, username: string) {
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.username}) = lower(${normalizeUsername(username)})`);
  return user;
}
