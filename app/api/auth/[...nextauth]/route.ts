import { eq } from "drizzle-orm";
import { cookies } from "next/headers";
import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { LOCALE_COOKIE } from "@/i18n/locale";
import { signInRetryAfter } from "@/lib/accounts/throttle";
import { authOptions, clientAddress } from "@/lib/auth";
import { RateLimited } from "@/lib/errors";
import { errorResponse } from "@/lib/http";

type Ctx = { params: Promise<{ nextauth: string[] }> };

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
  };
  return NextAuth(req, ctx, options);
}

export const GET = handler;

export async function POST(req: NextRequest, ctx: Ctx) {
  const { nextauth } = await ctx.params;
  if (nextauth.join("/") === "callback/credentials") {
    // Throttle before next-auth verifies anything: too many recent failures for this name or address → 429.
    const form = await req
      .clone()
      .formData()
      .catch(() => null);
    const username = String(form?.get("username") ?? "");
    const wait = await signInRetryAfter(getDb(), username, clientAddress(req.headers));
    if (wait > 0) {
      const minutes = Math.ceil(wait / 60);
      return errorResponse(
        new RateLimited(
          `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
          wait,
        ),
      );
    }
  }
  return handler(req, ctx);
}
