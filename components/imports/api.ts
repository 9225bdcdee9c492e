"use client";

import type { ImportView } from "@/lib/imports/create";

export type { ImportView };

export const ACTIVE = new Set(["queued", "running"]);
/** The counts an import reports, in the order pages show them. */
export const COUNT_KEYS = ["read", "imported", "duplicates", "skipped", "rejected"] as const;

/** XHR rather than fetch: the upload's own progress is what a 500 MB export needs to show. */
export function uploadFiles(
  files: File[],
  onProgress: (percent: number) => void,
): Promise<{ ok: true; id: number } | { ok: false; status: number; code?: string; field?: string }> {
  return new Promise((resolve) => {
    const form = new FormData();
    for (const f of files) form.append("file", f, f.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/imports");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      let body: { id?: number; code?: string; field?: string } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // Non-JSON error page: the status says enough.
      }
      if (xhr.status === 202 && typeof body.id === "number") resolve({ ok: true, id: body.id });
      // The server's code, never its English message: the page says it in the reader's language.
      else resolve({ ok: false, status: xhr.status, code: body.code, field: body.field });
    };
    xhr.onerror = () => resolve({ ok: false, status: 0 });
    xhr.send(form);
  });
}
