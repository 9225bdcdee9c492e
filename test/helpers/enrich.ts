import { getDb } from "@/db/client";
import { createLrclib } from "@/lib/providers/lyrics/lrclib";
import { createMusicBrainz } from "@/lib/providers/musicbrainz/client";
import { FakeLrclib } from "@/test/fakes/lrclib";
import { FakeMusicBrainz } from "@/test/fakes/musicbrainz";
import type { EnrichDeps } from "@/worker/processors/enrich-track";

/** Local LRCLIB and MusicBrainz fakes of a test file's own, and enrichment deps pointed at them. */
export async function enrichWithFakes(more: Partial<EnrichDeps> = {}) {
  const lrc = await FakeLrclib.start();
  const mb = await FakeMusicBrainz.start({ minGapMs: 0 });
  const deps: EnrichDeps = {
    db: getDb(),
    lrclib: createLrclib({ baseUrl: lrc.url, gapMs: 0, timeoutMs: 1_000 }),
    musicbrainz: createMusicBrainz({ baseUrl: `${mb.url}/ws/2`, gapMs: 0 }),
    ...more,
  };
  return { lrc, mb, deps, close: () => Promise.all([lrc.close(), mb.close()]) };
}
