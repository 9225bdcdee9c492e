import { card } from "@/components/ui/styles";

/** A row of three small label-over-value cards that stay three across on a 360 px phone. */
export function StatTiles({ tiles }: { tiles: [label: string, value: string][] }) {
  return (
    <div className="grid grid-cols-3 gap-2 sm:gap-4">
      {tiles.map(([label, value]) => (
        <div key={label} className={`${card} min-w-0 !p-3 sm:!p-5`}>
          <div className="text-[11px] font-semibold uppercase leading-tight tracking-wide text-muted sm:text-xs">
            {label}
          </div>
          <div className="mt-1 text-lg font-bold sm:text-2xl">{value}</div>
        </div>
      ))}
    </div>
  );
}
