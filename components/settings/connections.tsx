import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { ConnectionsPanel } from "@/components/connections/connections-panel";
import { card } from "@/components/ui/styles";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { getUserServices } from "@/lib/connections/services";

/** Settings → connected services: status, account, last sync, reconnect and disconnect. Never a token. */
export async function Connections() {
  const user = await requireUser();
  const t = await getTranslations("connections");
  const { connections } = await getUserServices(getDb(), user.id);
  return (
    <section className={card} aria-labelledby="connections-title" id="connections">
      <h2 id="connections-title" className="mb-1 text-lg font-semibold">
        {t("title")}
      </h2>
      <p className="mb-4 text-sm text-muted">{t("intro")}</p>
      <Suspense>
        <ConnectionsPanel connections={connections} />
      </Suspense>
    </section>
  );
}
