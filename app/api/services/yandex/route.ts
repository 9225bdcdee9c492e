import { z } from "zod";
import { forgetNowPlaying } from "@/lib/connections/now-playing";
import { connectYandex } from "@/lib/connections/yandex-connect";
import { route } from "@/lib/http";
import { disconnect, disconnectQuery } from "../disconnect";

const body = z.object({ token: z.string().max(4096) });

/** POST {token}: verified with Yandex before anything is stored; the token is never echoed back. */
export const POST = route({ auth: "user", body }, async ({ db, user, body }) => {
  const result = await connectYandex(db, user.id, body.token);
  forgetNowPlaying(user.id);
  return result;
});

// The static segment shadows [provider], so DELETE must be served here too.
export const DELETE = route({ auth: "user", query: disconnectQuery }, ({ db, user, query }) =>
  disconnect(db, user.id, "yandex", query),
);
