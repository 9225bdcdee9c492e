import { useId } from "react";

// An inline SVG, not an emoji: emoji fonts are missing on many Linux machines and render as boxes.
export function LogoMark({ className = "h-7 w-7" }: { className?: string }) {
  // One id per instance: the shell renders the mark twice, and a gradient defined inside the sidebar that is
  // display:none on phones paints nothing, which left the phone header's mark white on white.
  const gradient = useId();
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true">
      <defs>
        <linearGradient id={gradient} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#a855f7" />
          <stop offset="1" stopColor="#ec4899" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="8" fill={`url(#${gradient})`} />
      <path d="M13 8.5v11.1a3.5 3.5 0 1 0 2 3.2V12.4l8-2v7.2a3.5 3.5 0 1 0 2 3.2V6z" fill="#fff" />
    </svg>
  );
}

export function Logo() {
  return (
    <span className="inline-flex items-center gap-2 font-extrabold">
      <LogoMark />
      <span className="bg-gradient-to-r from-accent to-accent-2 bg-clip-text text-transparent">
        MusicTrace
      </span>
    </span>
  );
}
