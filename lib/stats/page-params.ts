import { notFound } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { NotFound } from "@/lib/errors";
import { idParams, statsParams } from "./params";

type Load<K, T> = (db: ReturnType<typeof getDb>, p: ReturnType<typeof statsParams>, key: K) => Promise<T>;

/** For server-rendered detail pages: the signed-in user's params and the id, or Next's 404 page. */
export async function detailPage<T>(params: Promise<{ id: string }>, load: Load<number, T>): Promise<T> {
  const parsed = idParams.safeParse(await params);
  if (!parsed.success) notFound();
  return loadOr404(parsed.data.id, load);
}

// A genre is any non-blank name; the page looks it up as the top lists key it (trimmed, lowercased).
const nameParams = z.object({ name: z.string().trim().min(1).max(200) });

/** detailPage for pages keyed by a name in the URL segment. */
export async function namedDetailPage<T>(
  params: Promise<{ name: string }>,
  load: Load<string, T>,
): Promise<T> {
  const parsed = nameParams.safeParse({ name: decodeSegment((await params).name) });
  if (!parsed.success) notFound();
  return loadOr404(parsed.data.name, load);
}

async function loadOr404<K, T>(key: K, load: Load<K, T>): Promise<T> {
  const user = await requireUser();
  try {
    return await load(getDb(), statsParams(user, {}), key);
  } catch (err) {
    if (err instanceof NotFound) notFound();
    throw err;
  }
}

/**
 * Next hands a dynamic segment over still percent-encoded; a segment that does not decode (a stray "%", which
 * a name like "100% rock" leaves when already decoded) is taken as it is rather than failing the page.
 */
function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
