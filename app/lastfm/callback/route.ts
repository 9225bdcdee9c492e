import { NextResponse } from "next/server";
import { z } from "zod";
import { env } from "@/lib/env";
import { route } from "@/lib/http";
import { finishLastfmConnect } from "@/lib/outbox/targets";

const query = z.object({ state: z.string().max(200).optional(), token: z.string().max(200).optional() });

/** Last.fm's redirect back with `token`: exchanged for a session key; Settings says how it went. */
export const GET = route({ auth: "user", query }, async ({ db, user, query }) => {
  const outcome = await finishLastfmConnect(db, user.id, query);
  const to = outcome.ok ? "/settings?lastfm=connected" : `/settings?lastfm=${outcome.code}`;
  return NextResponse.redirect(new URL(to, env().APP_URL));
});
