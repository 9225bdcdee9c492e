import { eq } from "drizzle-orm";
import type { NextAuthOptions } from "next-auth";
import { getServerSession } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { clearFailedSignIns, recordFailedSignIn } from "./accounts/throttle";
import { findUserByUsername, hashPassword, verifyPassword } from "./accounts/users";
import { env, requireSecret } from "./env";
import { Forbidden, Unauthorized } from "./errors";

export type SessionUser = {
  id: number;
  username: string;
  role: "user" | "admin";
  locale: "en" | "ru" | null;
  timeZone: string | null;
};

export function clientAddress(headers: Headers | Record<string, unknown> | undefined): string {
  const get = (name: string) =>
    headers instanceof Headers ? headers.get(name) : (headers?.[name] as string | undefined);
  return get("x-forwarded-for")?.split(",")[0]?.trim() || get("x-real-ip") || "local";
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= hashPassword("not-a-real-password-0");
  return dummy;
}

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
        async authorize(credentials, req) {
          const username = credentials?.username ?? "";
          const password = credentials?.password ?? "";
          const db = getDb();
          const user = username ? await findUserByUsername(db, username) : undefined;
          // Unknown names are verified against a dummy hash so timing does not reveal which names exist.
          const valid = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
          if (!valid || !user || user.disabledAt) {
            await recordFailedSignIn(db, username, clientAddress(req?.headers));
            return null;
          }
          await clearFailedSignIns(db, username);
          return { id: String(user.id), name: user.username };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.uid = Number(user.id);
        return token;
      },
      session({ session, token }) {
        return { ...session, uid: token.uid };
      },
    },
  };
}

/** The signed-in user, re-read from the database so that disabling or demoting takes effect at once. */
export async function currentUser(): Promise<SessionUser | null> {
  const session = (await getServerSession(authOptions())) as { uid?: number } | null;
  if (!session?.uid) return null;
  const [user] = await getDb()
    .select({
      id: users.id,
      username: users.username,
      role: users.role,
      locale: users.locale,
      timeZone: users.timeZone,
      disabledAt: users.disabledAt,
    })
    .from(users)
    .where(eq(users.id, session.uid));
  if (!user || user.disabledAt) return null;
  const { disabledAt: _, ...rest } = user;
  return rest;
}

export async function requireUser(role: "user" | "admin" = "user"): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new Unauthorized();
  if (role === "admin" && user.role !== "admin") throw new Forbidden("Admins only");
  return user;
}
