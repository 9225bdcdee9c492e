/**
 * A tiny per-process TTL cache that also shares in-flight promises, so many open tabs polling the same
 * user's now playing make one provider call per TTL, not one per tab.
 */
export class TtlCache<T> {
  private map = new Map<string, { at: number; value: Promise<T> }>();
  constructor(
    private ttlMs: number,
    private max = 10_000,
  ) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.map.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    const value = load();
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value ?? "");
    this.map.set(key, { at: Date.now(), value });
    // Failures are not cached.
    value.catch(() => {
      if (this.map.get(key)?.value === value) this.map.delete(key);
    });
    return value;
  }

  delete(prefix: string): void {
    for (const k of this.map.keys()) if (k.startsWith(prefix)) this.map.delete(k);
  }
}
