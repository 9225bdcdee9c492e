"use client";

import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useFormat } from "@/components/ui/use-format";

export function BucketBars({ data, labels, name }: { data: number[]; labels: string[]; name: string }) {
  const format = useFormat();
  const max = Math.max(0, ...data);
  const rows = data.map((value, i) => ({ label: labels[i] ?? String(i), value }));
  // The axis is as wide as its longest tick ("1,5 тыс."), so no label is ever cut at the left edge.
  const yWidth = Math.max(24, Math.ceil(format.compact(max).length * 6.6) + 8);
  return (
    <div className="h-56 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 4, left: 0, bottom: 0 }}>
          <defs>
            <linearGradient id="mt-bar-max" x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor="#a855f7" />
              <stop offset="100%" stopColor="#ec4899" />
            </linearGradient>
          </defs>
          <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.08} />
          <XAxis
            dataKey="label"
            tickLine={false}
            axisLine={false}
            fontSize={11}
            interval="preserveStartEnd"
            minTickGap={8}
            stroke="currentColor"
          />
          <YAxis
            allowDecimals={false}
            tickLine={false}
            axisLine={false}
            fontSize={11}
            width={yWidth}
            stroke="currentColor"
            tickFormatter={(v: number) => format.compact(v)}
          />
          <Tooltip
            cursor={{ fillOpacity: 0.06 }}
            contentStyle={{
              background: "var(--card)",
              border: "1px solid var(--line)",
              borderRadius: 12,
              color: "var(--fg)",
            }}
            formatter={(v) => [format.number(Number(v)), name]}
          />
          <Bar dataKey="value" radius={[4, 4, 0, 0]} minPointSize={2} isAnimationActive={false}>
            {rows.map((r, i) => (
              <Cell
                // biome-ignore lint/suspicious/noArrayIndexKey: bars are positions on a fixed axis
                key={i}
                fill={r.value === max && max > 0 ? "url(#mt-bar-max)" : "#a855f766"}
              />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
