import { randomBytes } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { Redis } from "ioredis";
import type { Db } from "@/db/client";
import { connections, users } from "@/db/schema";
import { usableConnection } from "@/lib/connections/store";
import { decrypt } from "@/lib/crypto";
import { POLL_DEFAULT_MS, POLL_MAX_MS } from "@/lib/jobs/contract";
import { schedulePolling } from "@/lib/jobs/enqueue";
import type { JobsContext } from "@/lib/jobs/queues";
import { log } from "@/lib/log";
import { YnisonSockets } from "@/lib/providers/yandex/ynison/sockets";
import { debounceWake, type WatchedState, watched, workerWatcher, type YnisonStates } from "./ynison-manager";

// Renew well inside the lease, so a busy event loop does not lose it; a dead leader is replaced in LEASE_MS.
const LEASE_MS = 15_000;
const TICK_MS = 5_000;
// Published states outlive a few ticks only: when the leader dies, polls soon see "no state" (a gap that
// the listening rules bridge, never a finalised pass) instead of a frozen "playing".
const STATE_TTL_MS = 30_000;

const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

// A user is watched while polls ask for them: sockets follow the poll schedule (a removed connection's polls
// stop, so does its socket), and this outlasts the slowest idle cadence so an idle user's socket never churns.
const WANT_MS = 2 * POLL_MAX_MS;

const stateKey = (prefix: string, userId: number) => `${prefix}:ynison:state:${userId}`;
const wantKey = (prefix: string) => `${prefix}:ynison:wanted`;

/**
 * With Redis, several workers may run and any of them may take a Yandex poll, but Ynison allows one live
 * socket per device id: a second displaces the first, and many sessions under one id earn a one-hour ban
 * (yandex-music-api.md B.3, B.8). So one worker of the instance, the leader (a Redis lease), holds the
 * socket of every user being polled and publishes each user's latest state to Redis; whichever worker runs
 * the poll reads it there (`sharedYnisonStates`). If the leader dies its lease lapses and another takes over.
 */
export class YnisonLeader {
  private sockets = new YnisonSockets((userId, token) =>
    workerWatcher(userId, token, {
      // Published first, so the poll the frame wakes (on any worker) reads it.
      onState: () => void this.publish(userId).then(() => this.wake?.(userId)),
      onStatus: () => void this.publish(userId),
    }),
  );
  private wake: ((userId: number) => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private readonly id = randomBytes(8).toString("hex");
  private leading = false;

  constructor(
    private redis: Redis,
    private prefix: string,
    private db: Db,
    private opts: {
      tickMs?: number;
      leaseMs?: number;
      /** Runs the user's poll soon after a frame (worker/run.ts: move the BullMQ scheduler to now). */
      wake?: (userId: number) => Promise<void>;
    } = {},
  ) {
    this.wake = opts.wake && debounceWake(opts.wake);
  }

  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    const tick = () => {
      this.ticking ??= this.tick()
        .catch((err: unknown) => log.warn("ynison leader tick failed", { err: String(err) }))
        .finally(() => {
          this.ticking = undefined;
        });
    };
    tick();
    this.timer = setInterval(tick, this.opts.tickMs ?? TICK_MS);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.ticking;
    this.stopAll();
    if (this.leading) await this.redis.eval(RELEASE, 1, this.leaseKey, this.id).catch(() => {});
    this.leading = false;
  }

  private get leaseKey(): string {
    return `${this.prefix}:ynison:leader`;
  }

  private async tick(): Promise<void> {
    const lease = String(this.opts.leaseMs ?? LEASE_MS);
    // Unsure is not leading: a leader cut off from Redis closes its sockets before its lease can lapse and
    // another worker open the same device ids.
    const held = await (this.leading
      ? this.redis.eval(RENEW, 1, this.leaseKey, this.id, lease).then((r) => r === 1)
      : this.redis.set(this.leaseKey, this.id, "PX", Number(lease), "NX").then((r) => r === "OK")
    ).catch(() => false);
    if (held !== this.leading) log.info(held ? "ynison: leading" : "ynison: no longer leading");
    this.leading = held;
    if (!held) return this.stopAll();
    await this.watchActive();
  }

  /**
   * A socket per user whose polls asked lately, while their Yandex connection is active and they are enabled;
   * a changed token reconnects, a gone one closes.
   */
  private async watchActive(): Promise<void> {
    await this.redis.zremrangebyscore(wantKey(this.prefix), "-inf", Date.now() - WANT_MS);
    const asked = (await this.redis.zrange(wantKey(this.prefix), 0, -1)).map(Number);
    const rows = asked.length
      ? await this.db
          .select({ userId: connections.userId, tokenEnc: connections.accessTokenEnc })
          .from(connections)
          .innerJoin(users, eq(users.id, connections.userId))
          .where(
            and(inArray(connections.userId, asked), eq(connections.provider, "yandex"), usableConnection()),
          )
      : [];
    const wanted = new Set(rows.map((r) => r.userId));
    for (const userId of this.sockets.users()) if (!wanted.has(userId)) this.unwatch(userId);
    // Every kept state is written again, in one round trip: it stays alive exactly while the leader does.
    const refresh = this.redis.pipeline();
    for (const r of rows) {
      const known = this.sockets.get(r.userId);
      // A changed token replaces the socket; the new one publishes as its frames come.
      const w = this.sockets.watch(r.userId, decrypt(r.tokenEnc));
      if (w === known)
        refresh.set(stateKey(this.prefix, r.userId), this.stateOf(r.userId), "PX", STATE_TTL_MS);
    }
    await refresh.exec();
  }

  private stateOf(userId: number): string {
    const w = this.sockets.get(userId);
    const value: WatchedState = w ? watched(w) : { status: "connecting", state: undefined };
    return JSON.stringify(value);
  }

  private async publish(userId: number): Promise<void> {
    if (!this.leading || !this.sockets.get(userId)) return;
    await this.redis
      .set(stateKey(this.prefix, userId), this.stateOf(userId), "PX", STATE_TTL_MS)
      .catch(() => {});
  }

  private unwatch(userId: number): void {
    this.sockets.stop(userId);
    void this.redis.del(stateKey(this.prefix, userId)).catch(() => {});
  }

  private stopAll(): void {
    this.sockets.stopAll();
  }
}

/** The leader's published states, for the worker that runs a Yandex poll. */
export function sharedYnisonStates(redis: Redis, prefix: string): YnisonStates {
  return {
    async read(userId) {
      const res = await redis
        .multi()
        .zadd(wantKey(prefix), Date.now(), String(userId))
        .get(stateKey(prefix, userId))
        .exec();
      const raw = res?.[1]?.[1];
      return typeof raw === "string"
        ? (JSON.parse(raw) as WatchedState)
        : { status: "connecting", state: undefined };
    },
  };
}

/** A frame's wake in BullMQ mode: the user's poll scheduler moves to now (then the rules set its cadence). */
export function wakeYandexPoll(ctx: JobsContext) {
  return (userId: number) =>
    schedulePolling({ userId, provider: "yandex" }, { everyMs: POLL_DEFAULT_MS, immediately: true }, ctx);
}
