import { randomBytes } from "node:crypto";
import { getDb } from "@/db/client";
import { createUser } from "@/lib/accounts/users";

export const TEST_PASSWORD = "Lively-Tune-2024";

/** A unique username per call, so test files can run in parallel on one database. */
export function uniqueName(prefix = "user"): string {
  return `${prefix}_${randomBytes(5).toString("hex")}`;
}

/** Creates a user directly in the database (the register route has its own tests). */
export async function createTestUser(opts: { prefix?: string; role?: "user" | "admin" } = {}) {
  const username = uniqueName(opts.prefix);
  const user = await createUser(getDb(), {
    username,
    password: TEST_PASSWORD,
    role: opts.role,
    byAdmin: true,
  });
  return { ...user, password: TEST_PASSWORD };
}
