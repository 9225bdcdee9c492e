import { z } from "zod";
import { outboxKinds } from "@/db/schema";
import { BadRequest } from "@/lib/errors";
import { json, route } from "@/lib/http";
import { connectListenBrainz, disconnectTarget } from "@/lib/outbox/targets";

const params = z.object({ kind: z.enum(outboxKinds) });
const body = z.object({ token: z.string().trim().min(1).max(200) });

/** ListenBrainz: the user's token, checked with ListenBrainz before it is kept (Last.fm connects by redirect). */
export const POST = route({ auth: "user", params, body }, async ({ db, user, params, body }) => {
  if (params.kind !== "listenbrainz")
    throw new BadRequest("Last.fm connects through /lastfm/connect", "kind");
  return json(await connectListenBrainz(db, user.id, body.token), 201);
});

/** Stops forwarding; what was not sent yet is dropped with the target. */
export const DELETE = route({ auth: "user", params }, async ({ db, user, params }) => {
  await disconnectTarget(db, user.id, params.kind);
  return { ok: true };
});
