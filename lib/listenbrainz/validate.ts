import { mapListenBrainz } from "@/lib/imports/map-scrobbles";
import { EARLIEST_MS, type ImportRow, isObj } from "@/lib/imports/types";
import { nulField } from "@/lib/validation/fields";
import { LbError } from "./errors";

// The limits ListenBrainz documents for POST /1/submit-listens (api_tools: MAX_LISTEN_SIZE,
// MAX_LISTENS_PER_REQUEST, MAX_LISTEN_PAYLOAD_SIZE); players are written against them.
export const MAX_LISTEN_SIZE = 10_240;
export const MAX_LISTENS_PER_REQUEST = 1_000;
export const MAX_LISTEN_PAYLOAD_SIZE = MAX_LISTEN_SIZE * MAX_LISTENS_PER_REQUEST;
export const LISTEN_TYPES = ["single", "playing_now", "import"] as const;
export type ListenType = (typeof LISTEN_TYPES)[number];

export type Submission =
  | { type: "playing_now"; listen: Record<string, unknown> }
  | { type: "single" | "import"; rows: ImportRow[]; metas: Record<string, unknown>[] };

const bad = (message: string) => new LbError(400, message);

/**
 * The raw body (already limited to MAX_LISTEN_PAYLOAD_SIZE bytes) → a submission, or the first documented
 * 400 it breaks. One bad listen fails the whole request, as in ListenBrainz.
 */
export function parseSubmission(raw: string, now: number): Submission {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    throw bad("Cannot parse JSON document.");
  }
  if (!isObj(data)) throw bad("Invalid JSON document submitted.");
  const type = data.listen_type;
  if (typeof type !== "string" || !(LISTEN_TYPES as readonly string[]).includes(type))
    throw bad("JSON document requires a valid listen_type key.");
  const payload = data.payload;
  if (!Array.isArray(payload)) throw bad("JSON document requires a payload key that is a list of listens.");
  if (payload.length > MAX_LISTENS_PER_REQUEST)
    throw bad(`Too many listens. You may not submit more than ${MAX_LISTENS_PER_REQUEST} listens at once.`);
  if (type !== "import" && payload.length !== 1)
    throw bad(`JSON document should contain exactly one listen for listen_type ${type}.`);
  if (!payload.length) throw bad("JSON document does not contain any listens.");
  // PostgreSQL text cannot hold NUL.
  if (nulField(data) !== null) throw bad("JSON document contains a NUL character.");
  const rows: ImportRow[] = [];
  const metas: Record<string, unknown>[] = [];
  for (const listen of payload) {
    if (JSON.stringify(listen).length > MAX_LISTEN_SIZE)
      throw bad(
        `JSON document is too large. Each listen may not be larger than ${MAX_LISTEN_SIZE} characters.`,
      );
    checkListen(listen, type as ListenType);
    if (type === "playing_now") return { type, listen: listen as Record<string, unknown> };
    const mapped = mapListenBrainz(listen, { now, keepIncognito: true });
    if ("reject" in mapped) throw bad(`Invalid listen: ${mapped.reject}.`);
    if (!("row" in mapped)) continue;
    rows.push(mapped.row);
    metas.push((listen as { track_metadata: Record<string, unknown> }).track_metadata);
  }
  return { type: type as "single" | "import", rows, metas };
}

/** The per-listen rules ListenBrainz documents, with its messages. */
function checkListen(listen: unknown, type: ListenType): void {
  if (!isObj(listen)) throw bad("Invalid JSON document submitted: a listen must be an object.");
  if (type === "playing_now") {
    if ("listened_at" in listen)
      throw bad("JSON document must not contain listened_at while submitting playing_now.");
  } else {
    if (!("listened_at" in listen))
      throw bad("JSON document must contain the key listened_at at the top level.");
    const at = listen.listened_at;
    if (typeof at !== "number" || !Number.isInteger(at))
      throw bad("JSON document must contain an integer listened_at (seconds since the epoch).");
    if (at * 1000 < EARLIEST_MS)
      throw bad(
        `Value for key listened_at is too low. listened_at timestamp should be greater than ${EARLIEST_MS / 1000}.`,
      );
  }
  const meta = listen.track_metadata;
  if (!isObj(meta)) throw bad("JSON document must contain the key track_metadata at the top level.");
  for (const key of ["artist_name", "track_name"] as const) {
    const v = meta[key];
    if (typeof v !== "string" || !v.trim())
      throw bad(`JSON document does not contain required track_metadata.${key}.`);
  }
  if ("additional_info" in meta && !isObj(meta.additional_info))
    throw bad("track_metadata.additional_info must be an object.");
}
