import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { TopListPage } from "@/components/stats/top-page";
import { topQuery } from "@/lib/stats/top";

type Props = { params: Promise<{ kind: string }> };

async function kindOf(params: Props["params"]) {
  const parsed = topQuery.shape.kind.safeParse((await params).kind);
  if (!parsed.success || !(await params).kind) notFound();
  return parsed.data;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const kind = await kindOf(params);
  const t = await getTranslations("stats.top");
  return { title: t("pageTitle", { kind: t(`kinds.${kind}`) }) };
}

export default async function TopPage({ params }: Props) {
  const kind = await kindOf(params);
  const t = await getTranslations("stats.top");
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("pageTitle", { kind: t(`kinds.${kind}`) })}</h1>
      <Suspense>
        <TopListPage kind={kind} />
      </Suspense>
    </div>
  );
}
