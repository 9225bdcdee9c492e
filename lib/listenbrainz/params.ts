import type { TokenOwner } from "@/lib/api-tokens/tokens";
import { LbError } from "./errors";

/**
 * The `{name}` of a /1/user/ route when it is the token's own user (names are case-insensitive). Another
 * user's name, known or not, gets the same answer, so a token cannot probe which accounts exist.
 */
export function ownName(owner: TokenOwner, name: string | undefined): string {
  const wanted = safeDecode(name ?? "");
  if (wanted.toLowerCase() !== owner.username.toLowerCase())
    throw new LbError(403, "You may only read your own listens with this token.");
  return owner.username;
}

/** A non-negative integer query parameter, or undefined when absent; 400 in ListenBrainz's words otherwise. */
export function tsParam(q: URLSearchParams, key: string): number | undefined {
  const v = q.get(key);
  if (v == null || v === "") return undefined;
  if (!/^\d{1,12}$/.test(v)) throw new LbError(400, `'${key}' should be a non-negative integer.`);
  return Number(v);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
