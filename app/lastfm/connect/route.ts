import { NextResponse } from "next/server";
import { env } from "@/lib/env";
import { route } from "@/lib/http";
import { lastfmConfigured } from "@/lib/outbox/lastfm";
import { startLastfmConnect } from "@/lib/outbox/targets";

// Browser navigation: always a redirect (to Last.fm's consent page, or back to Settings when unconfigured).
export const GET = route({ auth: "user" }, async ({ db, user }) => {
  if (!lastfmConfigured()) return NextResponse.redirect(new URL("/settings?lastfm=config", env().APP_URL));
  return NextResponse.redirect(await startLastfmConnect(db, user.id));
});
