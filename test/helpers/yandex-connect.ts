/** A test user with a Yandex connection whose token the suite's fake Yandex (and Ynison) accept. */
import { randomInt } from "node:crypto";
import { getDb } from "@/db/client";
import { connections } from "@/db/schema";
import { encrypt } from "@/lib/crypto";
import { fakeControls } from "@/test/fakes/remote";
import { createTestUser } from "./factories";

export async function yandexUser(opts: { prefix?: string; status?: "active" | "needs_reauth" } = {}) {
  const uid = randomInt(1e8, 9e8);
  const token = `y0_test_${uid}`;
  await fakeControls().yandex.addAccount({ token, uid });
  const user = await createTestUser({ prefix: opts.prefix ?? "yandex" });
  const [conn] = await getDb()
    .insert(connections)
    .values({
      userId: user.id,
      provider: "yandex",
      externalId: String(uid),
      accessTokenEnc: encrypt(token),
      status: opts.status ?? "active",
    })
    .returning();
  if (!conn) throw new Error("no connection");
  return { userId: user.id, uid, token, conn };
}
