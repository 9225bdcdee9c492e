import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { NotFound } from "@/lib/errors";
import { idParams, statsParams } from "./params";

/** For server-rendered detail pages: the signed-in user's params and the id, or Next's 404 page. */
export async function detailPage<T>(
  params: Promise<{ id: string }>,
  load: (db: ReturnType<typeof getDb>, p: ReturnType<typeof statsParams>, id: number) => Promise<T>,
): Promise<T> {
  const parsed = idParams.safeParse(await params);
  if (!parsed.success) notFound();
  const user = await requireUser();
  try {
    return await load(getDb(), statsParams(user, {}), parsed.data.id);
  } catch (err) {
    if (err instanceof NotFound) notFound();
    throw err;
  }
}
