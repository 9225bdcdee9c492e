import type { Format } from "@/lib/format";
import type { Recap } from "@/lib/stats/recap";
import { RECAP_FONT_FAMILY } from "@/lib/stats/recap-fonts";

/*
 * The share images, drawn by satori (next/og): flexbox only, every element with several children says
 * display: flex, inline styles, no Tailwind. Long names are cut with an ellipsis on one line.
 */
export const SIZES = { story: { width: 1080, height: 1920 }, card: { width: 1200, height: 630 } } as const;

export type RecapImageLabels = {
  title: string;
  minutes: string;
  topArtists: string;
  topTracks: string;
  empty: string;
  facts: string[];
};

const BG = "linear-gradient(160deg, #1e1b4b 0%, #581c87 55%, #9d174d 100%)";
// display: block, so a long name ends in an ellipsis on one line (satori cuts text only in a block).
const oneLine = {
  display: "block",
  overflow: "hidden",
  whiteSpace: "nowrap",
  textOverflow: "ellipsis",
} as const;

function List({
  title,
  rows,
  size,
}: {
  title: string;
  rows: { key: string; name: string; sub?: string | null }[];
  size: number;
}) {
  return (
    <div style={{ display: "flex", flexDirection: "column", gap: size * 0.45, width: "100%" }}>
      <div
        style={{
          display: "flex",
          fontSize: size * 0.7,
          fontWeight: 700,
          opacity: 0.75,
          textTransform: "uppercase",
          letterSpacing: 2,
        }}
      >
        {title}
      </div>
      {rows.map((r, i) => (
        <div key={r.key} style={{ display: "flex", alignItems: "center", gap: size * 0.6, width: "100%" }}>
          <div
            style={{ display: "flex", width: size * 1.3, fontSize: size, fontWeight: 700, color: "#f9a8d4" }}
          >
            {i + 1}
          </div>
          <div style={{ display: "flex", flexDirection: "column", flex: 1, minWidth: 0 }}>
            <div style={{ fontSize: size, fontWeight: 700, ...oneLine }}>{r.name}</div>
            {r.sub && <div style={{ fontSize: size * 0.65, opacity: 0.75, ...oneLine }}>{r.sub}</div>}
          </div>
        </div>
      ))}
    </div>
  );
}

/** What a card draws: a year's recap, or a share link's totals and top lists. */
export type ImageData = {
  totals: Pick<Recap["totals"], "plays" | "minutes">;
  top: {
    artists: Pick<Recap["top"]["artists"][number], "id" | "name">[];
    tracks: Pick<Recap["top"]["tracks"][number], "id" | "name" | "subtitle">[];
  };
};

export function RecapImage({
  recap: r,
  kind,
  labels: l,
  format,
}: {
  recap: ImageData;
  kind: keyof typeof SIZES;
  labels: RecapImageLabels;
  format: Format;
}) {
  const story = kind === "story";
  const artists = r.top.artists.map((a) => ({ key: String(a.id), name: a.name }));
  const tracks = r.top.tracks.map((t) => ({ key: String(t.id), name: t.name, sub: t.subtitle }));
  const brand = (
    <div style={{ display: "flex", fontSize: story ? 40 : 26, fontWeight: 700, opacity: 0.85 }}>
      MusicTrace
    </div>
  );
  const headline = (
    <div style={{ display: "flex", flexDirection: "column" }}>
      <div style={{ display: "flex", fontSize: story ? 64 : 40, fontWeight: 700, lineHeight: 1.15 }}>
        {l.title}
      </div>
      {r.totals.plays > 0 ? (
        <div
          style={{
            display: "flex",
            alignItems: "baseline",
            gap: 20,
            marginTop: story ? 40 : 20,
            flexWrap: "wrap",
          }}
        >
          <div
            style={{
              display: "flex",
              fontSize: story ? 150 : 96,
              fontWeight: 700,
              lineHeight: 1,
              color: "#fbcfe8",
            }}
          >
            {format.number(r.totals.minutes)}
          </div>
          <div style={{ display: "flex", fontSize: story ? 44 : 30, opacity: 0.85 }}>{l.minutes}</div>
        </div>
      ) : (
        <div style={{ display: "flex", fontSize: story ? 48 : 32, marginTop: 24, opacity: 0.85 }}>
          {l.empty}
        </div>
      )}
    </div>
  );
  const facts = (
    <div
      style={{ display: "flex", flexDirection: "column", gap: 8, fontSize: story ? 36 : 22, opacity: 0.9 }}
    >
      {l.facts.map((f) => (
        <div key={f} style={oneLine}>
          {f}
        </div>
      ))}
    </div>
  );
  const base = {
    display: "flex",
    width: "100%",
    height: "100%",
    background: BG,
    color: "white",
    fontFamily: RECAP_FONT_FAMILY,
  } as const;
  if (story) {
    return (
      <div style={{ ...base, flexDirection: "column", padding: "90px 80px", gap: 70 }}>
        {brand}
        {headline}
        {artists.length > 0 && <List title={l.topArtists} rows={artists} size={46} />}
        {tracks.length > 0 && <List title={l.topTracks} rows={tracks} size={40} />}
        <div style={{ display: "flex", flex: 1 }} />
        {facts}
      </div>
    );
  }
  return (
    <div style={{ ...base, padding: "56px 64px", gap: 56 }}>
      <div style={{ display: "flex", flexDirection: "column", justifyContent: "space-between", width: 560 }}>
        {brand}
        {headline}
        {facts}
      </div>
      {artists.length > 0 && (
        <div style={{ display: "flex", flex: 1, minWidth: 0, alignItems: "center" }}>
          <List title={l.topArtists} rows={artists} size={34} />
        </div>
      )}
    </div>
  );
}
