// Inline icons: symbol and emoji fonts are missing on many devices and would render as boxes.
const common = {
  viewBox: "0 0 24 24",
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 2,
  strokeLinecap: "round",
  strokeLinejoin: "round",
} as const;

export function InstallIcon({ className = "h-5 w-5" }: { className?: string }) {
  return (
    <svg {...common} className={className} aria-hidden="true">
      <path d="M12 3v12m0 0-4-4m4 4 4-4M5 21h14" />
    </svg>
  );
}

export function ShareIcon({ className = "h-5 w-5" }: { className?: string }) {
  return (
    <svg {...common} className={className} aria-hidden="true">
      <path d="M12 15V3m0 0L8 7m4-4 4 4M6 11H5a1 1 0 0 0-1 1v8a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-8a1 1 0 0 0-1-1h-1" />
    </svg>
  );
}

export function OfflineIcon({ className = "h-14 w-14" }: { className?: string }) {
  return (
    <svg {...common} className={className} aria-hidden="true">
      <path d="M2 8.8a15 15 0 0 1 4.2-2.7M10.7 5.1A15 15 0 0 1 22 8.8M5 12.5a10 10 0 0 1 5.2-2.6M15.4 10.4A10 10 0 0 1 19 12.5M8.5 16a5 5 0 0 1 7 0M12 20h.01M3 3l18 18" />
    </svg>
  );
}
