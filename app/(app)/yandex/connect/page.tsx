import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { YandexTokenForm } from "@/components/connections/yandex-token-form";
import { card } from "@/components/ui/styles";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { getConnection } from "@/lib/connections/store";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("yandexConnect"))("title") };
}

/** Connect or replace the Yandex Music token. The stored token is never shown (seed-app-contract bug 3). */
export default async function YandexConnectPage() {
  const user = await requireUser();
  const t = await getTranslations("yandexConnect");
  const connected = Boolean(await getConnection(getDb(), user.id, "yandex"));
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      {connected && (
        <p role="status" className="rounded-xl border border-yandex/50 bg-yandex/10 p-3 text-sm">
          {t("connected")}
        </p>
      )}
      <section className={card}>
        <YandexTokenForm connected={connected} />
      </section>
      <section className={card} aria-labelledby="how-title">
        <h2 id="how-title" className="mb-2 font-semibold">
          {t("howTitle")}
        </h2>
        <ol className="list-decimal space-y-2 pl-5 text-sm text-muted">
          <li>{t("how1")}</li>
          <li>{t.rich("how2", { f: (c) => <code translate="no">{c}</code> })}</li>
          <li>{t("how3")}</li>
        </ol>
      </section>
      <Link href="/dashboard" className="inline-flex min-h-11 items-center text-sm text-muted hover:text-fg">
        {t("back")}
      </Link>
    </div>
  );
}
