import { eq, sql } from "drizzle-orm";
import type { NextAuthOptions } from "next-auth";
import { getServerSession } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { type Db, getDb } from "@/db/client";
import { users } from "@/db/schema";
import { authorizeCredentials } from "./accounts/sign-in";
import { env, requireSecret } from "./env";
import { Forbidden, Unauthorized } from "./errors";

export type SessionUser = {
  id: number;
  username: string;
  role: "user" | "admin";
  locale: "en" | "ru" | null;
  timeZone: string | null;
};

export function authOptions(): NextAuthOptions {
  return {
    secret: requireSecret("AUTH_SECRET"),
    session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
    pages: { signIn: "/login", error: "/login" },
    useSecureCookies: env().APP_URL.startsWith("https://"),
    providers: [
      CredentialsProvider({
        name: "MusicTrace",
        credentials: { username: { type: "text" }, password: { type: "password" } },
        authorize: (credentials, req) => authorizeCredentials(credentials, req?.headers),
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.uid = Number(user.id);
          token.sv = (user as { sv?: number }).sv ?? 0;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, uid: token.uid, sv: token.sv ?? 0 };
      },
    },
  };
}

/**
 * The signed-in user, re-read from the database so that disabling, demoting and ending sessions (a bumped
 * session version) take effect at once.
 */
export async function currentUser(): Promise<SessionUser | null> {
  const session = (await getServerSession(authOptions())) as { uid?: number; sv?: number } | null;
  if (!session?.uid || !Number.isSafeInteger(session.uid)) return null;
  const [user] = await getDb()
    .select({
      id: users.id,
      username: users.username,
      role: users.role,
      locale: users.locale,
      timeZone: users.timeZone,
      disabledAt: users.disabledAt,
      sessionVersion: users.sessionVersion,
    })
    .from(users)
    .where(eq(users.id, session.uid));
  if (!user || user.disabledAt || user.sessionVersion !== (session.sv ?? 0)) return null;
  const { disabledAt: _, sessionVersion: __, ...rest } = user;
  return rest;
}

export async function requireUser(role: "user" | "admin" = "user"): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new Unauthorized();
  if (role === "admin" && user.role !== "admin") throw new Forbidden("Admins only");
  return user;
}

/** Ends every session of the user (each token carries the version it was issued under). */
export async function endAllSessions(db: Db, userId: number): Promise<void> {
  await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
}
