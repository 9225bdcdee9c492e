import { UnrecoverableError } from "bullmq";
import { JOBS, type JobName, type Payload, payloads } from "@/lib/jobs/contract";
import type { PollResult } from "./processors/poll";

/** One plain function per job, each taking its validated payload. */
export type Processors = {
  [JOBS.poll]: (p: Payload<"poll">) => Promise<PollResult>;
  [JOBS.reconcile]: (p: Payload<"reconcile">) => Promise<unknown>;
  [JOBS.enrichTrack]: (p: Payload<"enrich-track">) => Promise<unknown>;
  [JOBS.syncLikes]: (p: Payload<"sync-likes">) => Promise<unknown>;
  [JOBS.import]: (p: Payload<"import">) => Promise<unknown>;
  [JOBS.outboxDeliver]: (p: Payload<"outbox-deliver">) => Promise<unknown>;
  [JOBS.outboxSweep]: (p: Payload<"outbox-sweep">) => Promise<unknown>;
};

const isJobName = (n: string): n is JobName => Object.hasOwn(payloads, n);

/**
 * Validates and runs one job. A payload that does not parse can never succeed, so it fails at once
 * (UnrecoverableError: no retries) and stays in the failed set as evidence.
 */
export async function dispatch(procs: Processors, name: string, data: unknown): Promise<unknown> {
  if (!isJobName(name)) throw new UnrecoverableError(`unknown job name ${name}`);
  const parsed = payloads[name].safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UnrecoverableError(`invalid ${name} payload: ${issue?.path.join(".")} ${issue?.message}`);
  }
  switch (name) {
    case JOBS.poll:
      return procs.poll(parsed.data as Payload<"poll">);
    case JOBS.reconcile:
      return procs.reconcile(parsed.data as Payload<"reconcile">);
    case JOBS.enrichTrack:
      return procs["enrich-track"](parsed.data as Payload<"enrich-track">);
    case JOBS.syncLikes:
      return procs["sync-likes"](parsed.data as Payload<"sync-likes">);
    case JOBS.import:
      return procs.import(parsed.data as Payload<"import">);
    case JOBS.outboxDeliver:
      return procs["outbox-deliver"](parsed.data as Payload<"outbox-deliver">);
    case JOBS.outboxSweep:
      return procs["outbox-sweep"](parsed.data as Payload<"outbox-sweep">);
  }
}
