/**
 * The "naive aggregate" baseline of the benchmark: the straightforward SQL over raw listens that answers
 * the same question as each endpoint, with no rollups (what a first implementation would write).
 */
export function naiveQueries(userId: number, tz: string, since: string | null): Record<string, string> {
  const where = `l.user_id = ${userId} and not l.skipped and l.duplicate_of is null${since ? ` and l.started_at >= '${since}'` : ""}`;
  const local = `(l.started_at at time zone '${tz}')`;
  return {
    summary: `with base as (select distinct l.track_id from listens l where ${where})
      select (select a.name from base b join track_artists x on x.track_id = b.track_id join artists a on a.id = x.artist_id
        group by a.name order by count(distinct b.track_id) desc, a.name limit 1),
      (select g.genre from base b join tracks t on t.id = b.track_id join album_genres g on g.album_id = t.album_id
        group by g.genre order by count(distinct b.track_id) desc, g.genre limit 1)`,
    recent: `select l.id, t.title from listens l join tracks t on t.id = l.track_id where ${where} order by l.started_at desc limit 20`,
    activity: `select extract(hour from ${local}) h, count(*) from listens l where ${where} group by 1`,
    top: `select a.id, a.name, count(*) plays, sum(l.ms_played) ms from listens l join track_artists x on x.track_id = l.track_id
      join artists a on a.id = x.artist_id where ${where} group by a.id order by plays desc limit 10`,
    overview: `select count(*), sum(l.ms_played), count(distinct l.track_id),
      count(distinct x.artist_id), count(distinct t.album_id)
      from listens l join tracks t on t.id = l.track_id left join track_artists x on x.track_id = l.track_id where ${where}`,
    heatmap: `select extract(isodow from ${local}) d, extract(hour from ${local}) h, count(*) from listens l where ${where} group by 1, 2`,
    calendar: `select (${local})::date d, count(*) from listens l where ${where} group by 1`,
    history: `select l.id, t.title from listens l join tracks t on t.id = l.track_id where ${where} order by l.started_at desc, l.id desc limit 51`,
  };
}
