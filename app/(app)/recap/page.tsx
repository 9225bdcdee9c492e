import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { statsParams } from "@/lib/stats/params";
import { recapYears } from "@/lib/stats/recap";
import { localParts } from "@/lib/stats/zone";

/** /recap opens the latest year with listens (this year when there are none yet). */
export default async function RecapIndex() {
  const user = await requireUser();
  const p = statsParams(user, {});
  const [latest] = await recapYears(getDb(), p);
  redirect(`/recap/${latest ?? localParts(p.tz, p.now).year}`);
}
