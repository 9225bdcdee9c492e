import { NextResponse } from "next/server";
import { startSpotifyConnect } from "@/lib/connections/spotify-connect";
import { env } from "@/lib/env";
import { route } from "@/lib/http";
import { isProviderError } from "@/lib/providers/errors";

// Browser navigation: always answer with a redirect, never JSON.
export const GET = route({ auth: "user" }, async ({ db, user }) => {
  try {
    return NextResponse.redirect(await startSpotifyConnect(db, user.id));
  } catch (err) {
    if (!isProviderError(err, "config")) throw err;
    return NextResponse.redirect(new URL("/settings?spotify=config", env().APP_URL));
  }
});
