"use client";

import dynamic from "next/dynamic";

// Recharts is most of a chart page's JavaScript: load it after first paint, behind a same-size placeholder,
// so the dashboard's first load stays small on phones.
export const BucketBars = dynamic(() => import("./bucket-bars").then((m) => m.BucketBars), {
  ssr: false,
  loading: () => <div className="h-56 w-full animate-pulse rounded-xl bg-card-2" aria-hidden />,
});
