"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { apiFetch } from "@/lib/client/fetch";
import { useAdminMutation } from "./api";
import { ConfirmDialog } from "./confirm-dialog";
import { useErrorText } from "./error-text";
import type { AdminTrack } from "./tracks-panel";

export function MergeDialog(props: {
  open: boolean;
  tracks: AdminTrack[];
  onClose: () => void;
  onMerged: () => void;
}) {
  const t = useTranslations("admin");
  const errorText = useErrorText();
  const [keepId, setKeepId] = useState<number | null>(null);
  const merge = useAdminMutation((body: { keepId: number; dropId: number }) =>
    apiFetch("/api/admin/tracks/merge", { method: "POST", body: body }),
  );
  // The more-played track is the natural survivor; the admin can flip it.
  useEffect(() => {
    if (!props.open) return;
    merge.reset();
    const best = [...props.tracks].sort((a, b) => b.plays - a.plays)[0];
    setKeepId(best?.id ?? null);
  }, [props.open, props.tracks, merge.reset]);
  const drop = props.tracks.find((tr) => tr.id !== keepId);

  return (
    <ConfirmDialog
      open={props.open}
      title={t("mergeTitle")}
      confirmLabel={t("mergeConfirm")}
      busy={merge.isPending}
      error={merge.error ? errorText(merge.error) : null}
      onClose={props.onClose}
      onConfirm={() => {
        if (keepId && drop) merge.mutate({ keepId, dropId: drop.id }, { onSuccess: props.onMerged });
      }}
    >
      <fieldset className="space-y-2">
        <legend className="mb-2 text-sm text-muted">{t("mergeKeep")}</legend>
        {props.tracks.map((tr) => (
          <label key={tr.id} className="flex min-h-11 items-start gap-3 rounded-xl border border-line p-3">
            <input
              type="radio"
              name="keep"
              className="mt-1 h-5 w-5 accent-accent"
              checked={keepId === tr.id}
              onChange={() => setKeepId(tr.id)}
            />
            <span>
              <span className="block font-medium">
                {tr.title} <span className="text-muted">#{tr.id}</span>
              </span>
              <span className="block text-sm text-muted">
                {tr.artistLine} · {t("playsCount", { n: tr.plays })}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      <p className="text-sm text-muted">{t("mergeHint")}</p>
    </ConfirmDialog>
  );
}
