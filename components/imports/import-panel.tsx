"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { type ReactNode, useRef, useState } from "react";
import { buttonPrimary, card } from "@/components/ui/styles";
import { useFormat } from "@/components/ui/use-format";
import { apiFetch } from "@/lib/client/fetch";
import { ACTIVE, type ImportView, uploadFiles } from "./api";
import { ImportCard } from "./import-card";

/** Drop zone and file picker, the running import, and the list of past ones. */
export function ImportPanel({ guide }: { guide?: ReactNode }) {
  const t = useTranslations("imports");
  const format = useFormat();
  const client = useQueryClient();
  const picker = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [uploading, setUploading] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [currentId, setCurrentId] = useState<number | null>(null);
  const list = useQuery({
    queryKey: ["/api/imports"],
    queryFn: () => apiFetch<{ imports: ImportView[] }>("/api/imports"),
    refetchInterval: (q) => (q.state.data?.imports.some((i) => ACTIVE.has(i.status)) ? 3000 : false),
  });
  const imports = list.data?.imports ?? [];
  const shownId = currentId ?? imports.find((i) => ACTIVE.has(i.status))?.id ?? null;

  async function send(files: File[]) {
    if (!files.length || uploading !== null) return;
    setMessage(null);
    setUploading(0);
    const res = await uploadFiles(files, setUploading);
    setUploading(null);
    if (res.ok) {
      setCurrentId(res.id);
      await client.invalidateQueries({ queryKey: ["/api/imports"] });
    } else {
      const code = res.code ?? res.field;
      setMessage(
        code && t.has(`refusedCode.${code}`)
          ? t(`refusedCode.${code}`)
          : res.status === 400
            ? t("refusedOther")
            : t("uploadFailed", { status: res.status }),
      );
    }
  }

  return (
    <div className="space-y-6">
      <p className="text-muted">{t("intro")}</p>
      {guide}
      <label
        className={`${card} flex cursor-pointer flex-col items-center gap-3 border-2 border-dashed text-center ${dragging ? "border-accent" : ""}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          void send([...e.dataTransfer.files]);
        }}
      >
        <span className="text-lg font-semibold">{t("dropTitle")}</span>
        <span className="max-w-prose text-sm text-muted">
          {t.rich("dropHint", { f: (c) => <code translate="no">{c}</code> })}
        </span>
        <input
          ref={picker}
          type="file"
          multiple
          accept=".zip,.json,.jsonl,.csv"
          className="sr-only"
          onChange={(e) => {
            void send([...(e.target.files ?? [])]);
            e.target.value = "";
          }}
        />
        <span className={buttonPrimary}>
          {uploading === null ? t("choose") : t("uploading", { percent: uploading })}
        </span>
      </label>
      {message && (
        <p role="alert" className="text-sm text-red-500">
          {message}
        </p>
      )}
      {shownId !== null && (
        <div className="space-y-2">
          <h2 className="text-lg font-semibold">{t("current")}</h2>
          <ImportCard id={shownId} />
        </div>
      )}
      <div className="space-y-2">
        <h2 className="text-lg font-semibold">{t("past")}</h2>
        {imports.length === 0 && <p className="text-sm text-muted">{t("none")}</p>}
        <ul className="space-y-2">
          {imports
            .filter((i) => i.id !== shownId)
            .map((i) => (
              <li key={i.id}>
                <button
                  type="button"
                  className={`${card} w-full text-left hover:bg-card-2`}
                  onClick={() => setCurrentId(i.id)}
                >
                  <span className="font-medium" translate="no">
                    {i.fileName}
                  </span>
                  <span className="block text-sm text-muted">
                    {t(`status.${i.status as "done"}`)} · {format.dateTime(i.createdAt)} ·{" "}
                    {t("counts.imported")}: {format.number(i.counts.imported)}
                  </span>
                </button>
              </li>
            ))}
        </ul>
      </div>
    </div>
  );
}
