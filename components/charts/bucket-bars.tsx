"use client";

import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });

export function BucketBars({ data, labels, name }: { data: number[]; labels: string[]; name: string }) {
  const max = Math.max(0, ...data);
  const rows = data.map((value, i) => ({ label: labels[i] ?? String(i), value }));
  return (
    <div className="h-56 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 4, left: -16, bottom: 0 }}>
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
            stroke="currentColor"
          />
          <YAxis
            allowDecimals={false}
            tickLine={false}
            axisLine={false}
            fontSize={11}
            width={44}
            stroke="currentColor"
            tickFormatter={(v: number) => compact.format(v)}
          />
          <Tooltip
            cursor={{ fillOpacity: 0.06 }}
            contentStyle={{
              background: "var(--card)",
              border: "1px solid var(--line)",
              borderRadius: 12,
              color: "var(--fg)",
            }}
            formatter={(v) => [v, name]}
          />
          <Bar dataKey="value" radius={[6, 6, 0, 0]} minPointSize={3} isAnimationActive={false}>
            {rows.map((r) => (
              <Cell key={r.label} fill={r.value === max && max > 0 ? "url(#mt-bar-max)" : "#a855f766"} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
