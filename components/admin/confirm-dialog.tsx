"use client";

import { useTranslations } from "next-intl";
import { type ReactNode, useEffect, useId, useRef, useState } from "react";
import { buttonDanger, buttonSecondary, input, label as labelClass } from "@/components/ui/styles";

/**
 * A modal confirmation for destructive actions. With `typed`, the confirm button stays disabled until the
 * exact word (e.g. the username) is typed.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  typed?: string;
  busy?: boolean;
  error?: string | null;
  onConfirm: (typed: string) => void;
  onClose: () => void;
}) {
  const t = useTranslations("admin");
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [text, setText] = useState("");
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) {
      setText("");
      d.showModal();
    } else if (!props.open && d.open) d.close();
  }, [props.open]);
  const ready = props.typed === undefined || text === props.typed;
  return (
    <dialog
      ref={ref}
      aria-labelledby={`${id}-title`}
      onClose={props.onClose}
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-2xl border border-line bg-card p-5 text-fg backdrop:bg-black/50"
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) props.onConfirm(text);
        }}
        className="space-y-4"
      >
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          {props.title}
        </h2>
        {props.children}
        {props.typed !== undefined && (
          <div>
            <label htmlFor={`${id}-typed`} className={labelClass}>
              {t("typeToConfirm", { word: props.typed })}
            </label>
            <input
              id={`${id}-typed`}
              className={input}
              value={text}
              autoComplete="off"
              onChange={(e) => setText(e.target.value)}
            />
          </div>
        )}
        {props.error && (
          <p role="alert" className="text-sm text-red-600 dark:text-red-400">
            {props.error}
          </p>
        )}
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <button type="button" className={buttonSecondary} onClick={props.onClose}>
            {t("cancel")}
          </button>
          <button type="submit" className={buttonDanger} disabled={!ready || props.busy}>
            {props.confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
