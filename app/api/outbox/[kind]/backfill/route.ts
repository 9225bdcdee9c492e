import { z } from "zod";
import { outboxKinds } from "@/db/schema";
import { json, route } from "@/lib/http";
import { startBackfill } from "@/lib/outbox/targets";

const params = z.object({ kind: z.enum(outboxKinds) });

/** Queues the existing history for this target (once; listens already queued or sent are skipped). */
export const POST = route({ auth: "user", params }, async ({ db, user, params }) =>
  json(await startBackfill(db, user.id, params.kind), 202),
);
