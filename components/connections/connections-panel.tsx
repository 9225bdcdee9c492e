"use client";

import { useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { buttonSecondary } from "@/components/ui/styles";
import { useFormat } from "@/components/ui/use-format";
import type { ApiResult } from "@/lib/client/fetch";
import { consentExpiresAt } from "@/lib/connections/consent";
import type { getUserServices } from "@/lib/connections/services";
import { useSourceNames } from "../now-playing/source-names";
import { DisconnectConfirm } from "./disconnect-confirm";
import { ReconsentNotice } from "./reconsent-notice";

/** The page passes getUserServices' rows as props; /api/user/services answers the same shape. */
export type ConnectionInfo = ApiResult<typeof getUserServices>["connections"][number];
type Provider = ConnectionInfo["provider"];

const CONNECT: Record<Provider, string> = { yandex: "/yandex/connect", spotify: "/spotify/connect" };
const NOTICES = ["state", "denied", "exchange", "not_allowed", "config", "unavailable"] as const;

export function ConnectionsPanel({ connections }: { connections: ConnectionInfo[] }) {
  const NAMES = useSourceNames();
  const t = useTranslations("connections");
  const format = useFormat();
  const params = useSearchParams();
  const [rows, setRows] = useState(connections);
  const [confirming, setConfirming] = useState<Provider | null>(null);
  const [done, setDone] = useState<Provider | null>(null);
  const notice = NOTICES.find((n) => n === params.get("spotify"));

  return (
    <div className="space-y-3">
      {notice && (
        <p
          role="alert"
          data-testid="connection-notice"
          className="rounded-xl border border-red-500/40 bg-red-500/10 p-3 text-sm"
        >
          {t(`notice.${notice}`)}
        </p>
      )}
      {done && (
        <p role="status" className="rounded-xl border border-line p-3 text-sm">
          {t("disconnected", { service: NAMES[done] })}
        </p>
      )}
      {(["yandex", "spotify"] as const).map((p) => {
        const c = rows.find((r) => r.provider === p);
        const ok = c?.status === "active";
        return (
          <div key={p} className="rounded-xl border border-line p-4" data-testid={`connection-${p}`}>
            <div className="flex flex-wrap items-center justify-between gap-3">
              <div className="min-w-0">
                <p className="font-semibold">
                  <span
                    aria-hidden
                    className={`mr-2 inline-block h-2.5 w-2.5 rounded-full ${p === "spotify" ? "bg-spotify" : "bg-yandex"}`}
                  />
                  {NAMES[p]}
                </p>
                <p className={`text-sm ${c && !ok ? "text-red-400" : "text-muted"}`}>
                  {c ? t(`status.${c.status}`) : t("notConnected")}
                </p>
                {c?.account_name && (
                  <p className="truncate text-sm text-muted">
                    {t.rich("account", { name: c.account_name, f: (n) => <span translate="no">{n}</span> })}
                  </p>
                )}
                {c && (
                  <p className="text-xs text-muted">
                    {t("lastSync", {
                      time: c.last_sync ? format.relative(c.last_sync, format.now) : t("never"),
                    })}
                  </p>
                )}
              </div>
              <div className="flex flex-wrap gap-2">
                <a href={CONNECT[p]} className={buttonSecondary}>
                  {c ? t("reconnect") : t("connect")}
                </a>
                {c && (
                  <button type="button" className={buttonSecondary} onClick={() => setConfirming(p)}>
                    {t("disconnect")}
                  </button>
                )}
              </div>
            </div>
            {c?.status === "active" && (
              <div className="mt-3 empty:hidden">
                <ReconsentNotice
                  provider={p}
                  expiresAt={consentExpiresAt(p, c.connected_at ?? null)?.toISOString()}
                />
              </div>
            )}
            {confirming === p && (
              <DisconnectConfirm
                provider={p}
                service={NAMES[p]}
                onCancel={() => setConfirming(null)}
                onDone={() => {
                  setConfirming(null);
                  setRows((r) => r.filter((x) => x.provider !== p));
                  setDone(p);
                }}
              />
            )}
          </div>
        );
      })}
    </div>
  );
}
