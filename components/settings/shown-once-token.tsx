"use client";

import { type ReactNode, useState } from "react";
import { buttonSmall } from "@/components/ui/styles";

/**
 * A secret just made (a token, a share link), shown this once with a copy button: the server keeps only its
 * hash. `children` are further actions beside the copy button.
 */
export function ShownOnceToken(props: {
  message: string;
  value: string;
  testId: string;
  copyLabel: string;
  copiedLabel: string;
  children?: ReactNode;
}) {
  // Keyed by the value so that a newer secret starts uncopied.
  const [copied, setCopied] = useState<string | null>(null);
  const { value } = props;
  return (
    <div role="status" className="space-y-2 rounded-xl border border-accent p-3">
      <p className="text-sm">{props.message}</p>
      <code translate="no" className="block break-all text-sm" data-testid={props.testId}>
        {value}
      </code>
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className={buttonSmall}
          onClick={() => void navigator.clipboard?.writeText(value).then(() => setCopied(value))}
        >
          {copied === value ? props.copiedLabel : props.copyLabel}
        </button>
        {props.children}
      </div>
    </div>
  );
}
