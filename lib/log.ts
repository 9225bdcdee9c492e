import { env } from "./env";

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof LEVELS;

// Keys whose values must never reach a log line, whatever a caller passes.
const SECRET_KEY = /token|secret|password|authorization|cookie/i;

// Drizzle's query errors end in "params: …", the values of the failed query (a search string, a password
// hash): whatever a caller logs, they are cut off.
function withoutParams(v: unknown): unknown {
  return typeof v === "string" && v.includes("\nparams:")
    ? v.replace(/\nparams:[\s\S]*/, "\nparams: [redacted]")
    : v;
}

function write(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  if (LEVELS[level] < LEVELS[env().LOG_LEVEL]) return;
  const safe = Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [k, SECRET_KEY.test(k) ? "[redacted]" : withoutParams(v)]),
  );
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...safe });
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(`${line}\n`);
}

/** Structured one-line JSON logs; secrets are redacted by key name. */
export const log = {
  debug: (m: string, f?: Record<string, unknown>) => write("debug", m, f),
  info: (m: string, f?: Record<string, unknown>) => write("info", m, f),
  warn: (m: string, f?: Record<string, unknown>) => write("warn", m, f),
  error: (m: string, f?: Record<string, unknown>) => write("error", m, f),
};
