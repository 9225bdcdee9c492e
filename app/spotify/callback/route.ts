import { NextResponse } from "next/server";
import { z } from "zod";
import { forgetNowPlaying } from "@/lib/connections/now-playing";
import { finishSpotifyConnect } from "@/lib/connections/spotify-connect";
import { env } from "@/lib/env";
import { route } from "@/lib/http";

const query = z.object({
  code: z.string().optional(),
  state: z.string().optional(),
  error: z.string().optional(),
});

/** Spotify's redirect back: success → dashboard; any failure → settings with a message code, never a 500. */
export const GET = route({ auth: "user", query }, async ({ db, user, query }) => {
  const outcome = await finishSpotifyConnect(db, user.id, query);
  forgetNowPlaying(user.id);
  const target = outcome.ok ? "/dashboard?connected=spotify" : `/settings?spotify=${outcome.code}`;
  return NextResponse.redirect(new URL(target, env().APP_URL));
});
