import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
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
          createUser(db, { username, password: "Lively-Tune-2024" }),
        ),
      );
      expect(made.filter((u) => u.role === "admin")).toHaveLength(1);
    } finally {
      await drop();
    }
  });
});
