/**
 * `bench:import -- --isolated`: the import in a process of its own, as BullMQ's sandboxed processor runs it
 * with Redis (worker/import-child.mjs), so the dashboard probes in the bench's process share only the
 * database with it. Arguments: database URL, import id.
 */
import { createDb } from "@/db/client";
import { runImport } from "@/lib/imports/run";

const [url, id] = process.argv.slice(2);
const db = createDb(url as string, { max: 4 });
const outcome = await runImport(db, Number(id));
await db.$client.end();
process.stdout.write(outcome);
