import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { connections } from "@/db/schema";
import { encrypt } from "@/lib/crypto";
import { createTestUser } from "@/test/helpers/factories";
import { dropJobs, testJobs } from "@/test/helpers/jobs";
import { beat } from "@/worker/heartbeat";
import { count, flushCounters } from "./counters";
import { jobsHealth } from "./health";

describe("jobs health", () => {
  it("reports Redis, the worker heartbeat, polling per provider and counters, without user data", async () => {
    const user = await createTestUser({ prefix: "health" });
    await getDb()
      .insert(connections)
      .values({
        userId: user.id,
        provider: "spotify",
        accessTokenEnc: encrypt("t"),
        externalName: "Secret Display Name",
        lastSuccessAt: new Date(),
      });
    count("polls", 3);
    await flushCounters(getDb());
    await beat(getDb(), "bullmq");
    const ctx = testJobs();
    try {
      const h = await jobsHealth(getDb(), ctx);
      expect(h.redis).toBe("ok");
      expect(h.worker.status).toBe("ok");
      expect(h.counters.polls).toBeGreaterThanOrEqual(3);
      const spotify = h.polling.find((p) => p.provider === "spotify" && p.status === "active");
      expect(spotify?.count).toBeGreaterThanOrEqual(1);
      const text = JSON.stringify(h);
      expect(text).not.toContain(user.username);
      expect(text).not.toContain("Secret Display Name");
    } finally {
      await dropJobs(ctx);
    }
  });
});
