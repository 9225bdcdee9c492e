import { consume } from "@/lib/accounts/limits";
import { route } from "@/lib/http";
import { getLyrics } from "@/lib/stats/lyrics";
import { idParams } from "@/lib/stats/params";
import { assertTrackVisible } from "@/lib/stats/track";

export const GET = route({ auth: "user", params: idParams }, async ({ db, user, params }) => {
  // A look-up may reach LRCLIB and Yandex: one user must not spend the instance's share of theirs.
  await consume(["lyrics", String(user.id)]);
  await assertTrackVisible(db, user.id, params.id);
  return getLyrics(db, params.id);
});
