import { route } from "@/lib/http";
import { getLyrics } from "@/lib/stats/lyrics";
import { idParams } from "@/lib/stats/params";
import { assertTrackVisible } from "@/lib/stats/track";

export const GET = route({ auth: "user", params: idParams }, async ({ db, user, params }) => {
  await assertTrackVisible(db, user.id, params.id);
  return getLyrics(db, params.id);
});
