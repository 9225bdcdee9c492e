import { describe, expect, it } from "vitest";
import { MESSAGES } from "./index";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === "string") out.set(`${prefix}${k}`, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

// Names that read the same in both languages: brands, products, formats, environment variables, Spotify's
// own panel label, a token's prefix and the players that scrobble to us.
const SHARED =
  /MusicTrace|Spotify|Last\.fm|ListenBrainz|Navidrome|Jellyfin|Web Scrobbler|Pano Scrobbler|LRCLIB|MusicBrainz|Premium|OAuth|Ynison|BullMQ|ZIP|JSONL?|CSV|ISRC|UTC|URL|API|OK|iPhone|iPad|Safari|User Management|y0_|[\w.-]*\.(zip|ru|com)\b|Streaming_?History\w*|endsong|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|[\w-]*yandex-music-token|MarshalX/g;
// ICU syntax (arguments, plural and select keywords, tags) is not text a reader sees.
const icu = (s: string) =>
  s
    .replace(/\{\s*\w+\s*,\s*(plural|select|selectordinal)\s*,/g, " ")
    .replace(/(=\d+|zero|one|two|few|many|other)\s*\{/g, " ")
    .replace(/\{\s*\w+\s*\}/g, " ")
    .replace(/<\/?\w+>/g, " ");

const en = flatten(MESSAGES.en as unknown as Tree);
const ru = flatten(MESSAGES.ru as unknown as Tree);

describe("message catalogs", () => {
  it("have the same keys in both languages", () => {
    expect([...en.keys()].filter((k) => !ru.has(k))).toEqual([]);
    expect([...ru.keys()].filter((k) => !en.has(k))).toEqual([]);
  });

  it("Russian strings hold no English words, and English strings no Russian ones", () => {
    const latin = [...ru].filter(([, v]) => /[A-Za-z]{2,}/.test(icu(v).replace(SHARED, " ")));
    const cyrillic = [...en].filter(([k, v]) => /[А-Яа-яЁё]/.test(icu(v)) && !k.endsWith("languageRu"));
    expect(latin.map(([k, v]) => `${k}: ${v}`)).toEqual([]);
    expect(cyrillic.map(([k, v]) => `${k}: ${v}`)).toEqual([]);
  });
});
