import { json, route } from "@/lib/http";
import { createShareLink, listShareLinks, shareLinkBody } from "@/lib/share/links";

/** The signed-in user's active share links: never the token. */
export const GET = route({ auth: "user" }, async ({ db, user }) => ({
  links: await listShareLinks(db, user.id),
}));

/** Creates a link; the answer is the only time its token is shown. */
export const POST = route({ auth: "user", body: shareLinkBody }, async ({ db, user, body }) =>
  json(await createShareLink(db, { userId: user.id, ...body }), 201),
);
