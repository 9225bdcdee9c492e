import { card } from "@/components/ui/styles";

/** Small labelled numbers for the track and artist pages (server-rendered). */
export function StatGrid({ items }: { items: { label: string; value: string }[] }) {
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
      {items.map((i) => (
        <div key={i.label} className={`${card} min-w-0 !p-3 sm:!p-4`}>
          <dt className="break-words text-[11px] font-semibold uppercase leading-tight tracking-wide text-muted sm:text-xs">
            {i.label}
          </dt>
          <dd className="mt-1 break-words text-base font-bold sm:text-lg">{i.value}</dd>
        </div>
      ))}
    </dl>
  );
}
