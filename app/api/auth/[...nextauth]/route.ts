import { eq } from "drizzle-orm";
import { cookies } from "next/headers";
import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { LOCALE_COOKIE } from "@/i18n/locale";
import { DEVICE_COOKIE, deviceCookieValue, type SignInOutcome, signInOutcome } from "@/lib/accounts/sign-in";
import { authOptions, endAllSessions } from "@/lib/auth";
import { env } from "@/lib/env";
import { BadRequest, HttpError, NotFound } from "@/lib/errors";
import { errorResponse } from "@/lib/http";

type Ctx = { params: Promise<{ nextauth: string[] }> };

// next-auth's own endpoints; anything else under /api/auth answers JSON 404 like the rest of the API
// (next-auth would answer plain text).
const ACTIONS = new Set(["csrf", "session", "providers", "signin", "signout", "callback", "error", "_log"]);
async function unknownAction(ctx: Ctx): Promise<Response | null> {
  const [action] = (await ctx.params).nextauth;
  return action && ACTIONS.has(action) ? null : errorResponse(new NotFound("No such API endpoint"));
}

function handler(req: NextRequest, ctx: Ctx) {
  const options = authOptions();
  options.events = {
    // The saved language follows the user to any browser they sign in from.
    async signIn({ user }) {
      const [row] = await getDb()
        .select({ locale: users.locale })
        .from(users)
        .where(eq(users.id, Number(user.id)));
      if (row?.locale)
        (await cookies()).set(LOCALE_COOKIE, row.locale, { path: "/", sameSite: "lax", maxAge: 31536000 });
    },
    // A stolen copy of the token must not outlive the sign-out: every session of the user ends.
    async signOut({ token }) {
      if (typeof token?.uid === "number") await endAllSessions(getDb(), token.uid);
    },
  };
  return NextAuth(req, ctx, options);
}

/** next-auth answers some refusals (a callback without a provider, …) in plain text: JSON like the rest. */
async function jsonRefusal(res: Response): Promise<Response> {
  if (res.status < 400 || (res.headers.get("content-type") ?? "").includes("json")) return res;
  const text = (await res.text()).slice(0, 200);
  return errorResponse(new HttpError(res.status, text || "Bad request"));
}

export async function GET(req: NextRequest, ctx: Ctx) {
  try {
    return (await unknownAction(ctx)) ?? (await jsonRefusal(await handler(req, ctx)));
  } catch (err) {
    return errorResponse(err);
  }
}

export async function POST(req: NextRequest, ctx: Ctx) {
  try {
    const unknown = await unknownAction(ctx);
    if (unknown) return unknown;
    await assertReadableBody(req);
    const { nextauth } = await ctx.params;
    if (nextauth.join("/") !== "callback/credentials") return await jsonRefusal(await handler(req, ctx));
    // authorize() takes the attempt from the limits before it checks the password and leaves its verdict
    // here; next-auth itself could only answer 401.
    const outcome: SignInOutcome = {};
    const res = await jsonRefusal(await signInOutcome.run(outcome, () => handler(req, ctx)));
    if (outcome.retry) return errorResponse(outcome.retry);
    if (outcome.trustDevice !== undefined) {
      const secure = env().APP_URL.startsWith("https://") ? "; Secure" : "";
      res.headers.append(
        "set-cookie",
        `${DEVICE_COOKIE}=${deviceCookieValue(outcome.trustDevice)}; Path=/api/auth/callback; Max-Age=31536000; HttpOnly; SameSite=Lax${secure}`,
      );
    }
    return res;
  } catch (err) {
    return errorResponse(err);
  }
}

/** next-auth parses JSON and form bodies itself and answers 500 to a malformed one; refuse it first. */
async function assertReadableBody(req: NextRequest): Promise<void> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.includes("application/json")) return;
  const body = await req
    .clone()
    .json()
    .catch(() => undefined);
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw new BadRequest("Request body must be a JSON object");
}
