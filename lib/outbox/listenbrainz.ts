/** ListenBrainz as a target: token check and submit-listens (listenbrainz.readthedocs.io, API → Core). */
import { env } from "@/lib/env";
import { OutboxError, send } from "./errors";

export type LbListen = {
  listened_at?: number;
  track_metadata: {
    artist_name: string;
    track_name: string;
    release_name?: string;
    additional_info?: Record<string, unknown>;
  };
};
export type ListenType = "single" | "import" | "playing_now";
/** What the last answer said about the rate limit, so the next request can wait instead of hitting 429. */
export type RateState = { remaining: number | null; resetInMs: number };

export const LB_MAX_IMPORT = 1000;

const base = () => env().LISTENBRAINZ_URL.replace(/\/$/, "");
const auth = (token: string) => ({ authorization: `Token ${token}` });

function rateOf(res: Response): RateState {
  const remaining = res.headers.get("x-ratelimit-remaining");
  const resetIn = Number(res.headers.get("x-ratelimit-reset-in") ?? 0);
  return {
    remaining: remaining === null ? null : Number(remaining),
    resetInMs: Number.isFinite(resetIn) ? resetIn * 1000 : 0,
  };
}

async function errorText(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as { error?: unknown } | null;
  return typeof body?.error === "string" ? body.error : `HTTP ${res.status}`;
}

/** The token's user name, or null when ListenBrainz says the token is not valid. */
export async function validateLbToken(token: string): Promise<string | null> {
  const res = await send(`${base()}/1/validate-token`, { headers: auth(token) });
  if (res.status === 429) throw new OutboxError("rate_limited", "rate limited", rateOf(res).resetInMs);
  if (res.status === 401) return null;
  if (!res.ok) throw new OutboxError("transient", `ListenBrainz answered ${res.status}`);
  const body = (await res.json().catch(() => ({}))) as { valid?: unknown; user_name?: unknown };
  return body.valid === true && typeof body.user_name === "string" ? body.user_name : null;
}

export async function submitListens(
  token: string,
  type: ListenType,
  payload: LbListen[],
): Promise<RateState> {
  const res = await send(`${base()}/1/submit-listens`, {
    method: "POST",
    headers: { ...auth(token), "content-type": "application/json" },
    body: JSON.stringify({ listen_type: type, payload }),
  });
  const rate = rateOf(res);
  if (res.ok) return rate;
  const message = `ListenBrainz: ${await errorText(res)}`;
  if (res.status === 401) throw new OutboxError("auth", message);
  if (res.status === 429) throw new OutboxError("rate_limited", message, Math.max(1000, rate.resetInMs));
  if (res.status === 400) throw new OutboxError("rejected", message);
  throw new OutboxError("transient", message);
}
