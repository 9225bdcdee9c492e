import { z } from "zod";
import { createToken, listTokens } from "@/lib/api-tokens/tokens";
import { json, route } from "@/lib/http";

const body = z.object({ name: z.string().trim().min(1).max(60) });

/** The signed-in user's tokens for the ListenBrainz-compatible API: never the token itself. */
export const GET = route({ auth: "user" }, async ({ db, user }) => ({
  tokens: await listTokens(db, user.id),
}));

/** Creates a token; the answer is the only time it is shown. */
export const POST = route({ auth: "user", body }, async ({ db, user, body }) =>
  json(await createToken(db, { userId: user.id, name: body.name }), 201),
);
