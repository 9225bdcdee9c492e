import type { Metadata } from "next";
import { cache } from "react";
import { GroupPage } from "@/components/stats/group-page";
import { cachedGroupDetail } from "@/lib/stats/group";
import { detailPage } from "@/lib/stats/page-params";

type Props = { params: Promise<{ id: string }> };

// Metadata and page share one load per request.
const load = cache((id: string) =>
  detailPage(Promise.resolve({ id }), (db, p, albumId) =>
    cachedGroupDetail(db, p, { kind: "album", id: albumId }),
  ),
);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await load((await params).id)).group.title };
}

export default async function AlbumPage({ params }: Props) {
  return <GroupPage d={await load((await params).id)} />;
}
