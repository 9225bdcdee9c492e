import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { ensureSetupToken } from "./setup";
import { createUser } from "./users";

// "The first account is the admin" needs an empty instance: a database of its own.
async function freshDb() {
  const base = new URL(inject("databaseUrl"));
  const name = `${base.pathname.slice(1)}_first_${Date.now()}`;
  const admin = postgres(base.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  base.pathname = `/${name}`;
  await runMigrations(base.toString());
  const db = createDb(base.toString());
  return {
    db,
    async drop() {
      await db.$client.end();
      await admin.unsafe(`drop database ${name} with (force)`);
      await admin.end();
    },
  };
}

describe("createUser", () => {
  it("makes exactly one admin even when the first two register at once", async () => {
    const { db, drop } = await freshDb();
    try {
      const made = await Promise.all(
        ["first_one", "first_two", "first_three"].map((username) =>
          createUser(db, { username, password: "Lively-Tune-2024", registrant: { address: "127.0.0.1" } }),
        ),
      );
      expect(made.filter((u) => u.role === "admin")).toHaveLength(1);
    } finally {
      await drop();
    }
  });

  it("the first account (the admin) needs the server's machine or the setup token printed at start", async () => {
    const { db, drop } = await freshDb();
    try {
      const token = await ensureSetupToken(db);
      expect(token).toBeTruthy();
      const input = { username: "first_admin", password: "Lively-Tune-2024" };
      const away = { address: "203.0.113.9" };
      await expect(createUser(db, { ...input, registrant: away })).rejects.toMatchObject({ status: 403 });
      await expect(
        createUser(db, { ...input, registrant: { ...away, setupToken: "wrong-token-0123456789" } }),
      ).rejects.toMatchObject({ status: 403 });
      const made = await createUser(db, { ...input, registrant: { ...away, setupToken: token ?? "" } });
      expect(made.role).toBe("admin");
      // Used up: the instance has an account now, so nothing is printed and the token is gone.
      expect(await ensureSetupToken(db)).toBeNull();
    } finally {
      await drop();
    }
  });
});
