"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { buttonPrimary, buttonSmall, input, label } from "@/components/ui/styles";
import type { listTokens } from "@/lib/api-tokens/tokens";
import type { ApiResult } from "@/lib/client/fetch";
import { ShownOnceToken } from "./shown-once-token";

type Token = ApiResult<typeof listTokens>[number];

/** Settings card: API tokens for players that scrobble to us as to a ListenBrainz server. */
export function ScrobbleTokens({ serverUrl }: { serverUrl: string }) {
  const t = useTranslations("scrobbleApi");
  const format = useFormatter();
  const [tokens, setTokens] = useState<Token[] | null>(null);
  const [fresh, setFresh] = useState<{ name: string; token: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function load() {
    const res = await fetch("/api/tokens");
    if (res.ok) setTokens(((await res.json()) as { tokens: Token[] }).tokens);
  }
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once on mount
  useEffect(() => {
    void load();
  }, []);

  async function create(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const name = String(new FormData(form).get("name") ?? "").trim();
    if (!name) return;
    setBusy(true);
    setError(null);
    const res = await fetch("/api/tokens", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name }),
    });
    setBusy(false);
    const answer = (await res.json().catch(() => ({}))) as { token?: string; message?: string };
    if (!res.ok || !answer.token) return setError(answer.message ?? t("failed"));
    setFresh({ name, token: answer.token });
    form.reset();
    await load();
  }

  async function revoke(id: number) {
    setBusy(true);
    const res = await fetch(`/api/tokens/${id}`, { method: "DELETE" });
    setBusy(false);
    if (!res.ok) return setError(t("failed"));
    await load();
  }

  const date = (iso: string) => format.dateTime(new Date(iso), { dateStyle: "medium" });

  return (
    <section className="space-y-4" aria-labelledby="scrobble-title">
      <h2 id="scrobble-title" className="text-lg font-semibold">
        {t("title")}
      </h2>
      <p className="text-sm text-muted">{t("intro")}</p>
      <div>
        <span className={label}>{t("serverUrl")}</span>
        <code
          translate="no"
          className="block break-all rounded-xl bg-card-2 px-3 py-2 text-sm"
          data-testid="scrobble-url"
        >
          {serverUrl}
        </code>
      </div>
      <form onSubmit={create} className="flex flex-wrap items-end gap-2">
        <label className="min-w-0 flex-1 basis-48">
          <span className={label}>{t("name")}</span>
          <input name="name" maxLength={60} required placeholder={t("namePlaceholder")} className={input} />
        </label>
        <button type="submit" disabled={busy} className={buttonPrimary}>
          {t("create")}
        </button>
      </form>
      {error && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
      {fresh && (
        <ShownOnceToken
          message={t("newToken", { name: fresh.name })}
          value={fresh.token}
          testId="scrobble-token"
          copyLabel={t("copy")}
          copiedLabel={t("copied")}
        />
      )}
      {tokens && !tokens.length && <p className="text-sm text-muted">{t("none")}</p>}
      {tokens && tokens.length > 0 && (
        <ul className="divide-y divide-line">
          {tokens.map((tok) => (
            <li key={tok.id} className="flex items-center justify-between gap-2 py-2">
              <div className="min-w-0">
                <p translate="no" className="truncate font-medium">
                  {tok.name}
                </p>
                <p className="text-xs text-muted">
                  {t("created", { date: date(tok.created) })} ·{" "}
                  {tok.last_used ? t("lastUsed", { date: date(tok.last_used) }) : t("neverUsed")}
                </p>
              </div>
              <button
                type="button"
                disabled={busy}
                className={`${buttonSmall} min-h-11 shrink-0`}
                aria-label={t("revokeLabel", { name: tok.name })}
                onClick={() => void revoke(tok.id)}
              >
                {t("revoke")}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
