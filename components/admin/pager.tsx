"use client";

import { useTranslations } from "next-intl";
import { buttonSecondary } from "@/components/ui/styles";

export function Pager(props: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}) {
  const t = useTranslations("admin");
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  return (
    <nav className="mt-4 flex items-center justify-between gap-2" aria-label={t("pagination")}>
      <button
        type="button"
        className={buttonSecondary}
        disabled={props.page <= 1}
        onClick={() => props.onPage(props.page - 1)}
      >
        {t("prev")}
      </button>
      <span className="text-sm text-muted" aria-live="polite">
        {t("pageOf", { page: props.page, pages, total: props.total })}
      </span>
      <button
        type="button"
        className={buttonSecondary}
        disabled={props.page >= pages}
        onClick={() => props.onPage(props.page + 1)}
      >
        {t("next")}
      </button>
    </nav>
  );
}
