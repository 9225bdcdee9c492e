/** Connecting Yandex Music with a pasted token: verified with GET /account/status before anything is stored. */
import type { Db } from "@/db/client";
import { BadRequest, HttpError } from "@/lib/errors";
import { ProviderError } from "@/lib/providers/errors";
import { YandexClient } from "@/lib/providers/yandex/rest";
import { startPolling } from "./polling";
import { saveConnection } from "./store";
import { stopYandexLive } from "./yandex-live";

export async function connectYandex(db: Db, userId: number, rawToken: string) {
  const token = rawToken.trim().replace(/^OAuth\s+/i, "");
  if (!token || /\s/.test(token))
    throw new BadRequest("Paste the token without spaces", "token", "invalid_token");
  let account: Awaited<ReturnType<YandexClient["accountStatus"]>>;
  try {
    account = await new YandexClient(token).accountStatus();
  } catch (err) {
    if (err instanceof ProviderError && (err.kind === "rate_limited" || err.kind === "transient"))
      throw new HttpError(503, "Yandex Music is not reachable right now. Try again in a few minutes.", {
        code: "unavailable",
      });
    if (err instanceof ProviderError) account = null;
    else throw err;
  }
  if (!account) {
    throw new BadRequest(
      "Yandex Music did not accept this token. Check that you copied all of it.",
      "token",
      "invalid_token",
    );
  }
  const conn = await saveConnection(db, {
    userId,
    provider: "yandex",
    externalId: account.uid,
    externalName: account.displayName,
    accessToken: token,
  });
  stopYandexLive(userId);
  await startPolling(db, userId, "yandex");
  return { connected: true, account: { name: conn.externalName } };
}
