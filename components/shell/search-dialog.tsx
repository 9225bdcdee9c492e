"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import { Cover } from "@/components/stats/ui";
import { LineIcon } from "@/components/ui/line-icon";
import { input } from "@/components/ui/styles";
import { useDebounced } from "@/components/ui/use-debounced";
import { apiFetch } from "@/lib/client/fetch";
import type { SearchHit, SearchResults } from "@/lib/stats/search";

const KINDS = [
  { key: "tracks", href: "/track/" },
  { key: "artists", href: "/artist/" },
  { key: "albums", href: "/album/" },
] as const;

type Option = SearchHit & { href: string };

const SEARCH_ICON = "M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14Z M20 20l-4-4";

/**
 * Search of the user's own library from any page: Ctrl-K / ⌘-K or the header button. A native modal
 * <dialog> makes the rest of the page inert (focus stays inside) and closes on Esc; focus stays in the
 * input and the arrow keys move the active result (the combobox pattern), Enter opens it.
 */
export function SearchDialog() {
  const t = useTranslations("search");
  const router = useRouter();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [text, setText] = useState("");
  const [active, setActive] = useState(0);
  const q = useDebounced(text.trim().slice(0, 100), 250);
  const query = useQuery({
    queryKey: ["/api/search", q],
    queryFn: ({ signal }) => apiFetch<SearchResults>("/api/search", { params: { q }, signal }),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
  const data = q && query.data;
  const groups = KINDS.map((k) => ({
    key: k.key,
    options: (data ? data[k.key] : []).map((h): Option => ({ ...h, href: `${k.href}${h.id}` })),
  })).filter((g) => g.options.length > 0);
  const options = groups.flatMap((g) => g.options);
  const current = Math.min(active, Math.max(options.length - 1, 0));

  const open = () => {
    if (ref.current?.open) return;
    setText("");
    setActive(0);
    ref.current?.showModal();
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "k") {
        e.preventDefault();
        open();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  const go = (href: string) => {
    ref.current?.close();
    router.push(href);
  };

  const onInputKey = (e: React.KeyboardEvent) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (options.length === 0) return;
      const step = e.key === "ArrowDown" ? 1 : -1;
      setActive((current + step + options.length) % options.length);
    } else if (e.key === "Enter") {
      e.preventDefault();
      const o = options[current];
      if (o) go(o.href);
    }
  };

  const optionId = (i: number) => `${id}-o${i}`;
  let index = 0;
  return (
    <>
      <button
        type="button"
        onClick={open}
        aria-label={t("open")}
        aria-keyshortcuts="Control+K Meta+K"
        className="inline-flex min-h-11 min-w-11 items-center justify-center gap-2 rounded-lg border border-line px-2 text-sm text-muted hover:bg-card-2 md:min-w-56 md:justify-start md:px-3"
      >
        <LineIcon d={SEARCH_ICON} />
        <span className="hidden md:inline">{t("placeholder")}</span>
        {/* Key caps read the same in both languages: they are printed so on the keyboard. */}
        <kbd translate="no" className="ml-auto hidden rounded border border-line px-1.5 text-xs md:inline">
          Ctrl K
        </kbd>
      </button>
      <dialog
        ref={ref}
        aria-label={t("title")}
        onClose={() => setText("")}
        className="mx-auto mt-[10vh] w-[min(36rem,calc(100vw-1rem))] rounded-2xl border border-line bg-card p-0 text-fg backdrop:bg-black/50"
      >
        <div className="flex items-center gap-2 border-b border-line p-3">
          <input
            autoFocus
            // Not type="search": Chrome's search field swallows the first Esc to clear itself.
            type="text"
            enterKeyHint="search"
            role="combobox"
            aria-label={t("title")}
            aria-expanded={options.length > 0}
            aria-controls={`${id}-list`}
            aria-activedescendant={options.length > 0 ? optionId(current) : undefined}
            aria-autocomplete="list"
            placeholder={t("placeholder")}
            value={text}
            maxLength={100}
            onChange={(e) => {
              setText(e.target.value);
              setActive(0);
            }}
            onKeyDown={onInputKey}
            className={input}
          />
          <button
            type="button"
            onClick={() => ref.current?.close()}
            className="min-h-11 shrink-0 rounded-lg px-3 text-sm text-muted hover:bg-card-2"
          >
            {t("close")}
          </button>
        </div>
        <div className="max-h-[60vh] overflow-y-auto p-2">
          {!q && <p className="p-3 text-sm text-muted">{t("hint")}</p>}
          {q && query.isError && <p className="p-3 text-sm text-muted">{t("failed")}</p>}
          {q && query.isPending && <p className="p-3 text-sm text-muted">{t("searching")}</p>}
          {data && options.length === 0 && !query.isFetching && (
            <p className="p-3 text-sm text-muted">{t("nothing", { q })}</p>
          )}
          <div id={`${id}-list`} role="listbox" aria-label={t("results")}>
            {groups.map((g) => (
              // biome-ignore lint/a11y/useSemanticElements: a group of options inside a listbox
              <div key={g.key} role="group" aria-labelledby={`${id}-${g.key}`}>
                <p
                  id={`${id}-${g.key}`}
                  className="px-3 pb-1 pt-2 text-xs font-semibold uppercase text-muted"
                >
                  {t(g.key)}
                </p>
                {g.options.map((o) => {
                  const i = index++;
                  return (
                    // biome-ignore lint/a11y/useFocusableInteractive: focus stays in the input (aria-activedescendant)
                    <div
                      key={o.href}
                      id={optionId(i)}
                      role="option"
                      aria-selected={i === current}
                      onMouseMove={() => setActive(i)}
                      className={`rounded-lg ${i === current ? "bg-card-2" : ""}`}
                    >
                      <Link
                        href={o.href}
                        tabIndex={-1}
                        onClick={() => ref.current?.close()}
                        className="flex min-h-11 items-center gap-3 px-3 py-1.5"
                      >
                        <Cover src={o.cover} name={o.name} size={36} />
                        <span className="min-w-0 flex-1" translate="no">
                          <span className="block truncate font-medium">{o.name}</span>
                          {o.detail && <span className="block truncate text-xs text-muted">{o.detail}</span>}
                        </span>
                        {/* A phone needs the width for the name; the order already says which is played most. */}
                        <span className="shrink-0 text-xs text-muted max-sm:hidden">
                          {t("plays", { n: o.plays })}
                        </span>
                      </Link>
                    </div>
                  );
                })}
              </div>
            ))}
          </div>
        </div>
      </dialog>
    </>
  );
}
