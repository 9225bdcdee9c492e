"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { buttonPrimary, buttonSecondary } from "@/components/ui/styles";

/** The confirmation step of a disconnect; deleting history needs its own explicit tick. */
export function DisconnectConfirm(props: {
  provider: "yandex" | "spotify";
  service: string;
  onCancel: () => void;
  onDone: () => void;
}) {
  const t = useTranslations("connections");
  const tc = useTranslations("common");
  const queryClient = useQueryClient();
  const [deleteHistory, setDeleteHistory] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);

  async function confirm() {
    setBusy(true);
    setFailed(false);
    const res = await fetch(`/api/services/${props.provider}${deleteHistory ? "?deleteHistory=1" : ""}`, {
      method: "DELETE",
    });
    setBusy(false);
    if (res.ok || res.status === 404) {
      await queryClient.invalidateQueries();
      props.onDone();
    } else setFailed(true);
  }

  return (
    <div
      role="alertdialog"
      aria-labelledby={`dc-${props.provider}`}
      className="mt-4 space-y-3 border-t border-line pt-4"
    >
      <p id={`dc-${props.provider}`} className="font-semibold">
        {t("confirmTitle", { service: props.service })}
      </p>
      <p className="text-sm text-muted">{t("confirmText", { service: props.service })}</p>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={deleteHistory} onChange={(e) => setDeleteHistory(e.target.checked)} />
        {t("deleteHistory", { service: props.service })}
      </label>
      {failed && <p className="text-sm text-red-400">{tc("error")}</p>}
      <div className="flex gap-2">
        <button type="button" className={buttonPrimary} disabled={busy} onClick={confirm}>
          {t("confirm")}
        </button>
        <button type="button" className={buttonSecondary} onClick={props.onCancel}>
          {tc("cancel")}
        </button>
      </div>
    </div>
  );
}
