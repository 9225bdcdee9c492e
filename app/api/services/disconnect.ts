import { z } from "zod";
import type { Db } from "@/db/client";
import type { Provider } from "@/db/schema";
import { forgetNowPlaying } from "@/lib/connections/now-playing";
import { stopPolling } from "@/lib/connections/polling";
import { deleteConnection } from "@/lib/connections/store";
import { stopYandexLive } from "@/lib/connections/yandex-live";
import { NotFound } from "@/lib/errors";

export const disconnectQuery = z.object({ deleteHistory: z.enum(["0", "1", "true", "false"]).optional() });

/** DELETE /api/services/{provider}: tokens go; history stays unless ?deleteHistory=1. */
export async function disconnect(
  db: Db,
  userId: number,
  provider: Provider,
  query: z.infer<typeof disconnectQuery>,
) {
  const result = await deleteConnection(db, userId, provider, {
    deleteHistory: query.deleteHistory === "1" || query.deleteHistory === "true",
  });
  await stopPolling(userId, provider);
  if (provider === "yandex") stopYandexLive(userId);
  forgetNowPlaying(userId);
  if (!result.deleted) throw new NotFound("This service is not connected");
  return { status: "ok", provider, listens_deleted: result.listensDeleted };
}
