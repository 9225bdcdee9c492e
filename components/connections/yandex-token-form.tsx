"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { buttonPrimary, input, label } from "@/components/ui/styles";

/** Paste a token → verified by the server with Yandex → dashboard. The field is never pre-filled. */
export function YandexTokenForm({ connected }: { connected: boolean }) {
  const t = useTranslations("yandexConnect");
  const tc = useTranslations("common");
  const router = useRouter();
  const [token, setToken] = useState("");
  const [state, setState] = useState<"idle" | "busy" | "invalid" | "unavailable" | "error">("idle");

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!token.trim()) return;
    setState("busy");
    const res = await fetch("/api/services/yandex", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ token: token.trim() }),
    });
    if (res.ok) {
      setToken("");
      router.push("/dashboard");
      router.refresh();
      return;
    }
    setState(res.status === 400 ? "invalid" : res.status === 503 ? "unavailable" : "error");
  }

  const message =
    state === "invalid"
      ? t("invalid")
      : state === "unavailable"
        ? t("unavailable")
        : state === "error"
          ? tc("error")
          : null;
  return (
    <form onSubmit={submit} className="space-y-3">
      <label htmlFor="token" className={label}>
        {t("label")}
      </label>
      <textarea
        id="token"
        name="token"
        rows={4}
        required
        autoComplete="off"
        spellCheck={false}
        placeholder={t("placeholder")}
        value={token}
        onChange={(e) => setToken(e.target.value)}
        aria-invalid={state === "invalid"}
        aria-describedby={message ? "token-error" : undefined}
        className={`${input} font-mono text-sm`}
      />
      {message && (
        <p id="token-error" role="alert" className="text-sm text-red-400">
          {message}
        </p>
      )}
      <button type="submit" className={buttonPrimary} disabled={state === "busy"}>
        {state === "busy" ? t("checking") : connected ? t("update") : t("submit")}
      </button>
    </form>
  );
}
