/**
 * For a failed row, what the app stored for that user — counted listens and skipped passes alike, with the
 * time each row was written — read straight from its database, so a report says what happened, not only
 * what was missing.
 */
import postgres from "postgres";
import { ensureDatabase } from "@/db/server";
import { clock } from "./score";

/** The app's database: DATABASE_URL, or the embedded server the running app serves from DATA_DIR. */
export async function appDatabaseUrl(env: Record<string, string | undefined>): Promise<string> {
  const server = await ensureDatabase({ DATABASE_URL: env.DATABASE_URL, DATA_DIR: env.DATA_DIR ?? "" });
  return server.url;
}

type Stored = {
  source: string;
  origin: string;
  title: string;
  started_at: Date;
  ended_at: Date | null;
  ms_played: number | null;
  skipped: boolean;
  duplicate_of: number | null;
  created_at: Date;
};

export async function storedListens(databaseUrl: string, username: string): Promise<string[]> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<Stored[]>`
      select l.source, l.origin, t.title, l.started_at, l.ended_at, l.ms_played, l.skipped, l.duplicate_of,
             l.created_at
        from listens l join tracks t on t.id = l.track_id join users u on u.id = l.user_id
       where u.username = ${username} order by l.started_at, l.id`;
    return rows.map(
      (r) =>
        `stored: ${r.title} ${r.source}/${r.origin} ${clock(+r.started_at)}–${r.ended_at ? clock(+r.ended_at) : "?"}` +
        ` played ${r.ms_played == null ? "?" : (r.ms_played / 1000).toFixed(0)} s` +
        `${r.skipped ? " SKIPPED" : ""}${r.duplicate_of ? ` duplicate of ${r.duplicate_of}` : ""}` +
        ` (written ${clock(+r.created_at)})`,
    );
  } finally {
    await sql.end();
  }
}
