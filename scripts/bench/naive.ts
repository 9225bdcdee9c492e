/**
 * The "naive aggregate" baseline of the benchmark: the straightforward SQL over raw listens that answers
 * the same question as each endpoint (same filters, same joins, same outputs), with no rollups — what a
 * first implementation would write. Keyed like the endpoints in scripts/bench/stats.ts.
 */
export function naiveQueries(
  userId: number,
  tz: string,
  range: "all" | "30d",
  picks: BenchPicks,
): Record<string, string> {
  const DAY = 86_400_000;
  const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString();
  const q = picks.query.replaceAll("'", "''");
  const counted = `l.user_id = ${userId} and not l.skipped and l.duplicate_of is null and not l.hidden`;
  const where = range === "30d" ? `${counted} and l.started_at >= '${iso(30)}'` : counted;
  const before = `${counted} and l.started_at >= '${iso(60)}' and l.started_at < '${iso(30)}'`;
  const local = `(l.started_at at time zone '${tz}')`;
  // A track's genres: its album's plus its artists', trimmed and lowercased (lib/stats/sources.ts).
  const genres = `(select t.id as track_id, lower(trim(ag.genre)) as genre from tracks t
      join album_genres ag on ag.album_id = t.album_id
    union select x.track_id, lower(trim(rg.genre)) from track_artists x join artist_genres rg on rg.artist_id = x.artist_id)`;
  const totals = `(select count(*) as total_plays, sum(l.ms_played) as total_ms from listens l where ${where})`;
  const overview = (w: string) => `select count(*), sum(l.ms_played), count(distinct l.track_id),
      (select count(distinct x.artist_id) from listens l join track_artists x on x.track_id = l.track_id where ${w}),
      (select count(distinct t.album_id) from listens l join tracks t on t.id = l.track_id where ${w})
    from listens l where ${w}`;
  // The recap's period: the last full local year beside "all", this local month beside "30d".
  const now = new Date();
  const year = now.getUTCFullYear();
  const recapFrom =
    range === "all" ? `${year - 1}-01-01` : `${year}-${String(now.getUTCMonth() + 1).padStart(2, "0")}-01`;
  const recapTo = range === "all" ? `${year}-01-01` : `(date '${recapFrom}' + interval '1 month')`;
  const recapWhere = `${counted} and ${local} >= '${recapFrom}' and ${local} < ${range === "all" ? `'${recapTo}'` : recapTo}`;
  return {
    "top page 3": `select t.id, t.title, count(*) plays, sum(l.ms_played) ms, tt.* from listens l
      join tracks t on t.id = l.track_id, ${totals} tt
      where ${where} group by t.id, tt.total_plays, tt.total_ms order by plays desc offset 100 limit 50`,
    // Each part of the recap straight from the period's listens: tops of every kind, each month's top artist,
    // artists first heard in it, days (streak, busiest) and hours.
    recap: `with y as (select l.* from listens l where ${recapWhere})
      select (select count(*) from y), (select sum(ms_played) from y),
      (select json_agg(x) from (select x.artist_id, count(*) n from y join track_artists x on x.track_id = y.track_id group by 1 order by 2 desc limit 5) x),
      (select json_agg(x) from (select track_id, count(*) n from y group by 1 order by 2 desc limit 5) x),
      (select json_agg(x) from (select t.album_id, count(*) n from y join tracks t on t.id = y.track_id group by 1 order by 2 desc limit 5) x),
      (select json_agg(x) from (select g.genre, count(*) n from y join ${genres} g on g.track_id = y.track_id group by 1 order by 2 desc limit 5) x),
      (select json_agg(x) from (select distinct on (m) m, artist_id from (select extract(month from (y.started_at at time zone '${tz}')) m, x.artist_id, count(*) n
        from y join track_artists x on x.track_id = y.track_id group by 1, 2) s order by m, n desc) x),
      (select count(*) from (select distinct x.artist_id from y join track_artists x on x.track_id = y.track_id) a
        where not exists (select 1 from listens l join track_artists x2 on x2.track_id = l.track_id
          where ${counted} and x2.artist_id = a.artist_id and l.started_at < (select min(started_at) from y))),
      (select json_agg(x) from (select (y.started_at at time zone '${tz}')::date d, count(*) from y group by 1) x),
      (select json_agg(x) from (select extract(hour from (y.started_at at time zone '${tz}')) h, count(*) from y group by 1) x)`,
    summary: `with base as (select distinct l.track_id from listens l where ${where})
      select (select count(*) from base),
      (select a.name from base b join track_artists x on x.track_id = b.track_id join artists a on a.id = x.artist_id
        group by a.name order by count(distinct b.track_id) desc, a.name limit 1),
      (select g.genre from base b join ${genres} g on g.track_id = b.track_id where g.genre <> ''
        group by g.genre order by count(*) desc, g.genre limit 1)`,
    recent: `select l.id, t.title from listens l join tracks t on t.id = l.track_id where ${where} order by l.started_at desc limit 20`,
    // All time: plays per month of year (period=month); 30 days: plays per hour of day (period=day).
    activity: `select extract(${range === "all" ? "month" : "hour"} from ${local}) k, count(*) from listens l where ${where} group by 1`,
    top: `select a.id, a.name, count(*) plays, sum(l.ms_played) ms, tt.* from listens l
      join track_artists x on x.track_id = l.track_id join artists a on a.id = x.artist_id, ${totals} tt
      where ${where} group by a.id, tt.total_plays, tt.total_ms order by plays desc limit 10`,
    "top tracks": `select t.id, t.title, count(*) plays, sum(l.ms_played) ms, tt.* from listens l
      join tracks t on t.id = l.track_id, ${totals} tt
      where ${where} group by t.id, tt.total_plays, tt.total_ms order by plays desc limit 10`,
    "top genres": `select g.genre, count(*) plays, sum(l.ms_played) ms, tt.* from listens l
      join ${genres} g on g.track_id = l.track_id, ${totals} tt
      where ${where} and g.genre <> '' group by g.genre, tt.total_plays, tt.total_ms order by plays desc limit 10`,
    // A bounded range also reports the previous period of the same length, as the endpoint does.
    overview: range === "30d" ? `${overview(where)} union all ${overview(before)}` : overview(where),
    heatmap: `select extract(isodow from ${local}) d, extract(hour from ${local}) h, count(*) from listens l where ${where} group by 1, 2`,
    // The calendar's streaks span the whole history whatever the range, so its question is always all days.
    calendar: `select (${local})::date d, count(*), sum(l.ms_played) from listens l where ${counted} group by 1 order by 1`,
    // Sessions straight from the listens: a gap over 20 minutes after the previous listen's end starts one.
    sessions: `select count(*) from (select l.started_at - lag(l.started_at + coalesce(l.ms_played, 0) * interval '1 millisecond')
        over (order by l.started_at) > interval '20 minutes' as starts from listens l where ${where}) x where starts`,
    // An album's or a genre's page: its numbers, plays by month and heard tracks, all time (pages have no range).
    "album page": groupPage(`select id from tracks where album_id = ${picks.album}`),
    "genre page": groupPage(
      `select track_id from ${genres} g where g.genre = '${picks.genre.replaceAll("'", "''")}'`,
    ),
    // Search straight over the heard catalog: titles, artist lines, artist names and album titles.
    search: `with heard as (select l.track_id, count(*) n from listens l where ${counted} group by 1)
      select t.title, h.n from heard h join tracks t on t.id = h.track_id
        left join albums al on al.id = t.album_id left join track_artists x on x.track_id = t.id
        left join artists a on a.id = x.artist_id
      where t.title ilike '%${q}%' or t.artist_line ilike '%${q}%' or a.name ilike '%${q}%'
        or al.title ilike '%${q}%'
      order by h.n desc limit 15`,
    history: `select l.id, t.title from listens l join tracks t on t.id = l.track_id where ${where} order by l.started_at desc, l.id desc limit 51`,
  };

  function groupPage(tracksOf: string): string {
    const mine = `${counted} and l.track_id in (${tracksOf})`;
    return `select (select json_build_object('plays', count(*), 'ms', sum(l.ms_played), 'first', min(l.started_at),
        'last', max(l.started_at)) from listens l where ${mine}),
      (select json_agg(x) from (select to_char(${local}, 'YYYY-MM') m, count(*) from listens l where ${mine} group by 1) x),
      (select json_agg(x) from (select l.track_id, count(*) n from listens l where ${mine} group by 1 order by 2 desc limit 50) x)`;
  }
}

/** What the group pages and search of the big user are measured on (its top album and genre, a name). */
export type BenchPicks = { album: number; genre: string; query: string };
