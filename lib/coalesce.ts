/**
 * Coalesces concurrent calls into batches: `run` gets every item queued meanwhile and returns one result per
 * item, in order. Items queued in the same event-loop turn go together; while `maxInFlight` batches are
 * running, new items wait and leave together when one returns (group commit). So a lone call pays only a
 * setImmediate (or `lingerMs`), and under load one statement or script does the work of many, each round
 * trip costing this process a socket write and read, and the server a statement.
 *
 *   const read = coalesce((ids: number[]) => rowsFor(ids), { key: (id) => id });
 *   const row = await read(42);
 *
 * `key`, when given, keeps two items with the same key out of one batch (a statement may not touch a row
 * twice): the later one waits for the next batch. When `run` throws, every item of the batch rejects.
 */
export type CoalesceOptions<I> = {
  maxItems?: number;
  maxInFlight?: number;
  /** Wait this long after the first queued item for others (default 0: the same event-loop turn only). */
  lingerMs?: number;
  key?: (item: I) => unknown;
  /** Counts its batches and items in coalesceStats under this name (the bench reports them). */
  name?: string;
};

export const coalesceStats = new Map<string, { batches: number; items: number }>();

/**
 * The linger of the poll path's batches (state reads and writes, locks): at 500 polls/s polls reach each
 * step one by one, ~2 ms apart, so without a wait nearly every batch holds one item. A short wait gathers
 * many per round trip (~35 per batch flat out at 5 ms, against ~10 at 2 ms: 0.90 → 0.72 ms CPU per poll,
 * and fewer wake-ups of PostgreSQL); a longer one adds to each poll's time in a concurrency slot, and
 * with the slots full that caps the polls per second (10 ms: 1,220 → 950 polls/s flat out).
 */
export const POLL_LINGER_MS = 5;

type Pending<I, O> = { item: I; resolve: (o: O) => void; reject: (e: unknown) => void };

export function coalesce<I, O>(
  run: (items: I[]) => Promise<O[]>,
  opts: CoalesceOptions<I> = {},
): (item: I) => Promise<O> {
  const maxItems = opts.maxItems ?? 200;
  const maxInFlight = opts.maxInFlight ?? 2;
  let queue: Pending<I, O>[] = [];
  let inFlight = 0;
  let scheduled = false;

  const lingerMs = opts.lingerMs ?? 0;
  const schedule = () => {
    if (scheduled || inFlight >= maxInFlight || !queue.length) return;
    scheduled = true;
    if (lingerMs > 0 && queue.length < maxItems) setTimeout(flush, lingerMs);
    else setImmediate(flush);
  };

  const take = (): Pending<I, O>[] => {
    if (!opts.key) return queue.splice(0, maxItems);
    const batch: Pending<I, O>[] = [];
    const rest: Pending<I, O>[] = [];
    const keys = new Set<unknown>();
    for (const p of queue) {
      const k = opts.key(p.item);
      if (batch.length >= maxItems || keys.has(k)) rest.push(p);
      else {
        keys.add(k);
        batch.push(p);
      }
    }
    queue = rest;
    return batch;
  };

  const flush = () => {
    scheduled = false;
    const batch = take();
    if (!batch.length) return;
    if (opts.name) {
      const st = coalesceStats.get(opts.name) ?? { batches: 0, items: 0 };
      st.batches++;
      st.items += batch.length;
      coalesceStats.set(opts.name, st);
    }
    inFlight++;
    run(batch.map((p) => p.item))
      .then(
        (out) => {
          if (out.length !== batch.length)
            throw new Error(`coalesce: ${out.length} results for ${batch.length} items`);
          batch.forEach((p, i) => {
            p.resolve(out[i] as O);
          });
        },
        (err: unknown) => {
          for (const p of batch) p.reject(err);
        },
      )
      .catch((err: unknown) => {
        for (const p of batch) p.reject(err);
      })
      .finally(() => {
        inFlight--;
        schedule();
      });
    schedule();
  };

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      schedule();
    });
}
