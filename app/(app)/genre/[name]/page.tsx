import type { Metadata } from "next";
import { cache } from "react";
import { GroupPage } from "@/components/stats/group-page";
import { cachedGroupDetail } from "@/lib/stats/group";
import { namedDetailPage } from "@/lib/stats/page-params";

type Props = { params: Promise<{ name: string }> };

// Metadata and page share one load per request.
const load = cache((name: string) =>
  namedDetailPage(Promise.resolve({ name }), (db, p, genre) =>
    cachedGroupDetail(db, p, { kind: "genre", name: genre }),
  ),
);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await load((await params).name)).group.title };
}

export default async function GenrePage({ params }: Props) {
  return <GroupPage d={await load((await params).name)} />;
}
