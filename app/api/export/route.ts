import { z } from "zod";
import { attachment, route } from "@/lib/http";
import { EXPORT_FORMATS, exportStream } from "@/lib/imports/export";

const query = z.object({ format: z.enum(EXPORT_FORMATS).default("json") });

const TYPES = {
  json: ["application/json", "json"],
  csv: ["text/csv; charset=utf-8", "csv"],
  listenbrainz: ["application/x-ndjson", "jsonl"],
} as const;

export const GET = route({ auth: "user", query }, async ({ db, user, query }) => {
  const [type, ext] = TYPES[query.format];
  const day = new Date().toISOString().slice(0, 10);
  const name = `musictrace-${user.username}-${day}${query.format === "listenbrainz" ? "-listenbrainz" : ""}.${ext}`;
  return new Response(exportStream(db, { userId: user.id, username: user.username, format: query.format }), {
    headers: {
      "content-type": type,
      "content-disposition": attachment(name),
      "cache-control": "private, no-store",
    },
  });
});
