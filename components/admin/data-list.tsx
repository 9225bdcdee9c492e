"use client";

import type { ReactNode } from "react";

export type Column<T> = {
  key: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** Shown as the card's title on phones instead of a labelled line. */
  primary?: boolean;
  /**
   * The cell shows data (names, file names, identifiers, a service's own error text), not interface text:
   * marked translate="no", which also tells the language checks of e2e/visual.spec.ts to leave it alone.
   */
  data?: boolean;
  className?: string;
};

/**
 * A table on wide screens and a stack of cards on phones. Both are rendered and one is display:none, so
 * assistive tech and e2e locators only ever see the visible one.
 */
export function DataList<T>(props: {
  label: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string | number;
  empty: string;
  loading?: boolean;
}) {
  const { label, columns, rows, rowKey, empty, loading } = props;
  if (!rows.length)
    return (
      <p
        className="rounded-xl border border-dashed border-line p-6 text-center text-muted"
        role="status"
        aria-busy={loading || undefined}
      >
        {loading ? "…" : empty}
      </p>
    );
  const primary = columns.find((c) => c.primary);
  return (
    <div aria-busy={loading}>
      <div className="hidden overflow-x-auto md:block">
        <table className="w-full text-left text-sm" aria-label={label}>
          <thead className="border-b border-line text-muted">
            <tr>
              {columns.map((c) => (
                <th key={c.key} scope="col" className={`px-2 py-2 font-medium ${c.className ?? ""}`}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={rowKey(row)} className="border-b border-line/60 align-top last:border-0">
                {columns.map((c) => (
                  <td
                    key={c.key}
                    className={`px-2 py-2 ${c.className ?? ""}`}
                    translate={c.data ? "no" : undefined}
                  >
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="space-y-3 md:hidden" aria-label={label}>
        {rows.map((row) => (
          <li key={rowKey(row)} className="rounded-xl border border-line bg-bg p-3">
            {primary && (
              <div className="mb-2 font-semibold" translate={primary.data ? "no" : undefined}>
                {primary.cell(row)}
              </div>
            )}
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
              {columns
                .filter((c) => c !== primary)
                .map((c) => (
                  <div key={c.key} className="contents">
                    <dt className="text-muted">{c.header}</dt>
                    <dd className="min-w-0 break-words" translate={c.data ? "no" : undefined}>
                      {c.cell(row)}
                    </dd>
                  </div>
                ))}
            </dl>
          </li>
        ))}
      </ul>
    </div>
  );
}
