"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useCallback, useEffect, useState } from "react";
import { buttonPrimary, buttonSecondary, buttonSmall, input, label } from "@/components/ui/styles";
import type { ApiResult } from "@/lib/client/fetch";
import type { targetStatuses } from "@/lib/outbox/targets";

type State = ApiResult<typeof targetStatuses>;
type Target = State["targets"][number];
type Kind = Target["kind"];

/** Settings card: forward every new listen to the user's ListenBrainz and Last.fm, with an opt-in back-fill. */
export function OutboxTargets({ notice }: { notice: string | null }) {
  const t = useTranslations("outbox");
  const [state, setState] = useState<State | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const res = await fetch("/api/outbox");
    if (res.ok) setState((await res.json()) as State);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  // While something waits to be sent, the counts move: refresh them every few seconds.
  const pending = state?.targets.some((x) => x.backlog > 0 && x.status === "active") ?? false;
  useEffect(() => {
    if (!pending) return;
    const id = setInterval(() => void load(), 3000);
    return () => clearInterval(id);
  }, [pending, load]);

  async function call(url: string, init: RequestInit) {
    setBusy(true);
    setError(null);
    const res = await fetch(url, init);
    setBusy(false);
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { field?: string };
      setError(body.field === "token" ? t("badToken") : t("failed"));
      return;
    }
    await load();
  }
  function connectLb(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const token = String(new FormData(form).get("token") ?? "").trim();
    if (!token) return;
    void call("/api/outbox/listenbrainz", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ token }),
    }).then(() => form.reset());
  }

  const byKind = (k: Kind) => state?.targets.find((x) => x.kind === k);
  const lb = byKind("listenbrainz");
  const fm = byKind("lastfm");
  return (
    <section className="space-y-4" aria-labelledby="outbox-title">
      <h2 id="outbox-title" className="text-lg font-semibold">
        {t("title")}
      </h2>
      <p className="text-sm text-muted">{t("intro")}</p>
      {notice && (
        <p role="status" className="text-sm">
          {t(`notice.${notice}` as "notice.connected")}
        </p>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
      <div className="space-y-2" data-testid="outbox-listenbrainz">
        <h3 className="font-medium">ListenBrainz</h3>
        {lb ? (
          <TargetRow target={lb} busy={busy} call={call} />
        ) : (
          <form onSubmit={connectLb} className="flex flex-wrap items-end gap-2">
            <label className="min-w-0 flex-1 basis-48">
              <span className={label}>{t("lbToken")}</span>
              <input name="token" required autoComplete="off" className={input} />
            </label>
            <button type="submit" disabled={busy} className={buttonPrimary}>
              {t("connect")}
            </button>
          </form>
        )}
      </div>
      {state?.lastfmAvailable && (
        <div className="space-y-2" data-testid="outbox-lastfm">
          <h3 className="font-medium">Last.fm</h3>
          {fm ? (
            <TargetRow target={fm} busy={busy} call={call} />
          ) : (
            <a href="/lastfm/connect" className={buttonSecondary}>
              {t("connectLastfm")}
            </a>
          )}
        </div>
      )}
    </section>
  );
}

function TargetRow({
  target,
  busy,
  call,
}: {
  target: Target;
  busy: boolean;
  call: (url: string, init: RequestInit) => Promise<void>;
}) {
  const t = useTranslations("outbox");
  const format = useFormatter();
  const bf = target.backfill;
  return (
    <div className="space-y-2 text-sm">
      <p>
        <span translate="no" className="font-medium">
          {target.accountName}
        </span>{" "}
        · {target.status === "paused" ? t("paused") : t("active")}
      </p>
      <p className="text-muted">
        {target.lastSentAt
          ? t("lastSent", {
              date: format.dateTime(new Date(target.lastSentAt), { dateStyle: "medium", timeStyle: "short" }),
            })
          : t("neverSent")}
        {target.sentCount > 0 && ` · ${t("sent", { count: target.sentCount })}`}
        {` · ${t("backlog", { count: target.backlog })}`}
      </p>
      {bf && (
        <div>
          <progress className="w-full" max={bf.total} value={bf.done} aria-label={t("backfillProgress")} />
          <p className="text-xs text-muted">{t("backfillCount", { done: bf.done, total: bf.total })}</p>
        </div>
      )}
      {target.lastError && (
        <p className="break-words text-red-600 dark:text-red-400" data-testid="outbox-error">
          {target.status === "paused" ? t("pausedHint") : t("lastError")} {target.lastError}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          disabled={busy}
          className={buttonSmall}
          onClick={() => void call(`/api/outbox/${target.kind}/backfill`, { method: "POST" })}
        >
          {target.kind === "lastfm" ? t("backfillLastfm") : t("backfill")}
        </button>
        {target.kind === "lastfm" && target.status === "paused" && (
          <a href="/lastfm/connect" className={buttonSmall}>
            {t("reconnect")}
          </a>
        )}
        <button
          type="button"
          disabled={busy}
          className={buttonSmall}
          onClick={() => void call(`/api/outbox/${target.kind}`, { method: "DELETE" })}
        >
          {t("disconnect")}
        </button>
      </div>
    </div>
  );
}
