import path from "node:path";
import { z } from "zod";
import { compileTrust } from "./net/client-address";

/**
 * The only reader of process.env. Parsed lazily so that scripts which need only a database URL
 * (seed, migrate) run without the web secrets.
 */
const optionalUrl = z.preprocess((v) => (v === "" ? undefined : v), z.string().url().optional());

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // Loopback by default: a reverse proxy on the same machine reaches it, the internet does not.
  HOST: z.string().min(1).default("127.0.0.1"),
  // Which proxies may tell us the client's address (X-Forwarded-For): see lib/net/client-address.ts.
  TRUST_PROXY: z
    .string()
    .optional()
    .refine((v) => {
      try {
        compileTrust(v);
        return true;
      } catch {
        return false;
      }
    }, "must be a hop count or a comma-separated list of addresses/CIDRs"),
  // Multiplies every rate limit's allowance (lib/accounts/limits.ts): for a large family behind one NAT
  // address, or a browser test suite that registers dozens of accounts from 127.0.0.1.
  RATE_LIMIT_SCALE: z.coerce.number().min(1).max(1000).default(1),
  // Lets the first account (the admin) be created from a non-loopback address; generated when unset.
  SETUP_TOKEN: z.string().min(16).optional(),
  APP_URL: optionalUrl,
  DATA_DIR: z.string().default("./.data"),
  DATABASE_URL: optionalUrl,
  REDIS_URL: optionalUrl,
  // Key prefix of every BullMQ queue; tests and parallel instances on one Redis use their own.
  JOBS_PREFIX: z
    .string()
    .regex(/^[\w.-]+$/)
    .default("musictrace"),
  AUTH_SECRET: z.string().min(32).optional(),
  TOKEN_ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, "must be 64 hex characters (32 bytes)")
    .optional(),
  INSTANCE_TIMEZONE: z.string().default("UTC"),
  SPOTIFY_CLIENT_ID: z.string().optional(),
  SPOTIFY_CLIENT_SECRET: z.string().optional(),
  SPOTIFY_ACCOUNTS_URL: z.string().url().default("https://accounts.spotify.com"),
  SPOTIFY_API_URL: z.string().url().default("https://api.spotify.com/v1"),
  YANDEX_MUSIC_API_URL: z.string().url().default("https://api.music.yandex.net"),
  YNISON_URL: z.string().url().default("wss://ynison.music.yandex.ru"),
  // Yandex answers 403 session-expired without a recognised client header (yandex-music-api.md A.1).
  YANDEX_MUSIC_CLIENT: z.string().default("YandexMusicAndroid/24023621"),
  // HMAC key of the signed lyrics endpoint (A.7): the Android app's constant, configured by the owner.
  YANDEX_LYRICS_SIGN_KEY: z.string().optional(),
  LRCLIB_URL: z.string().url().default("https://lrclib.net"),
  MUSICBRAINZ_URL: z.string().url().default("https://musicbrainz.org/ws/2"),
  // Forwarding targets (lib/outbox). Last.fm needs the instance owner's API account (last.fm/api/account/create).
  LISTENBRAINZ_URL: z.string().url().default("https://api.listenbrainz.org"),
  LASTFM_URL: z.string().url().default("https://ws.audioscrobbler.com"),
  LASTFM_AUTH_URL: z.string().url().default("https://www.last.fm/api/auth"),
  LASTFM_API_KEY: z.string().optional(),
  LASTFM_API_SECRET: z.string().optional(),
  // First wait of the outbox's exponential backoff after a failed send (then ×2 each time, up to 30 min).
  OUTBOX_BACKOFF_BASE_MS: z.coerce.number().int().min(10).default(2_000),
  IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 ** 3),
  // Files in one upload (a ZIP counts as one; its members are capped by the ZIP checks).
  IMPORT_MAX_FILES: z.coerce.number().int().positive().default(50),
  // Upload bytes one user may have stored at once (uploads in progress and imports not yet finished).
  IMPORT_USER_STORED_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(2 * 1024 ** 3),
  // Imports one instance runs at once (each user has at most one): each takes a core and a database
  // connection while it writes, so the default leaves the other core to the web and the live polls.
  IMPORT_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  NEXT_DIST_DIR: z.string().default(".next"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

export type Env = z.infer<typeof schema> & { APP_URL: string; DATA_DIR: string };

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid environment: ${issue?.path.join(".")} ${issue?.message}`);
  }
  const e = parsed.data;
  cached = {
    ...e,
    APP_URL: (e.APP_URL ?? `http://127.0.0.1:${e.PORT}`).replace(/\/$/, ""),
    DATA_DIR: path.resolve(e.DATA_DIR),
  };
  return cached;
}

/** For tests that change the environment between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}

export function requireSecret(name: "AUTH_SECRET" | "TOKEN_ENCRYPTION_KEY"): string {
  const value = env()[name];
  if (!value) {
    throw new Error(
      `${name} is not set. \`npm start\` generates it into DATA_DIR; in production set it in the environment.`,
    );
  }
  return value;
}
