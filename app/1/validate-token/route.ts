import type { NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { resolveToken } from "@/lib/api-tokens/tokens";
import { LbError } from "@/lib/listenbrainz/errors";
import { lbError, lbJson, preflight, tokenOf } from "@/lib/listenbrainz/http";

/** ListenBrainz `GET /1/validate-token`: a wrong token is a 200 saying so, as players expect. */
export async function GET(req: NextRequest) {
  try {
    // The `token` query parameter is ListenBrainz's older form, still used by some players.
    const token = tokenOf(req) ?? req.nextUrl.searchParams.get("token");
    if (!token) throw new LbError(400, "You need to provide an Authorization token.");
    const owner = await resolveToken(getDb(), token);
    if (!owner) return lbJson({ code: 200, message: "Token invalid.", valid: false });
    return lbJson({ code: 200, message: "Token valid.", valid: true, user_name: owner.username });
  } catch (err) {
    return lbError(err);
  }
}

export const OPTIONS = preflight;
