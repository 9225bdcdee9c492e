// Shared class strings, so links and buttons look the same everywhere without a component per variant.
export const buttonPrimary =
  "inline-flex min-h-11 items-center justify-center gap-2 rounded-xl bg-gradient-to-r from-accent to-accent-2 px-5 py-2.5 font-semibold text-white shadow-sm transition hover:opacity-90 disabled:cursor-not-allowed disabled:opacity-60";
export const buttonSecondary =
  "inline-flex min-h-11 items-center justify-center gap-2 rounded-xl border border-line bg-card px-5 py-2.5 font-medium text-fg transition hover:bg-card-2 disabled:opacity-60";
/** Destructive actions. The red is written in sRGB: the contrast audit cannot read oklch colours. */
export const buttonDanger =
  "inline-flex min-h-11 items-center justify-center gap-2 rounded-xl bg-[#dc2626] px-5 py-2.5 font-semibold text-white transition hover:bg-[#b91c1c] disabled:cursor-not-allowed disabled:opacity-50";
export const card = "rounded-2xl border border-line bg-card p-5 shadow-sm";
export const input =
  "min-h-11 w-full rounded-xl border border-line bg-bg px-3 py-2 text-fg placeholder:text-muted focus:border-accent focus:outline-none";
export const label = "mb-1 block text-sm font-medium text-muted";
/**
 * Touch screens get 44 px targets; a mouse keeps the compact size, so desktop toolbars stay dense. Add to any
 * control that is smaller than min-h-11 by default.
 */
export const tap = "pointer-coarse:min-h-11 pointer-coarse:min-w-11";
/** A compact secondary button for rows and toolbars (still 44 px on touch screens). */
export const buttonSmall = `inline-flex min-h-9 items-center justify-center gap-2 rounded-xl border border-line bg-card px-3 py-1 text-sm font-medium text-fg transition hover:bg-card-2 disabled:opacity-60 ${tap}`;
/** A <summary> stays a list item (flex would drop its marker): padding makes the 44 px on touch screens. */
export const tapSummary = "pointer-coarse:min-h-11 pointer-coarse:py-3";
/** A link standing on its own ("All history →"): 44 px tall on touch screens, like every other target. */
export const tapLink = "inline-flex items-center pointer-coarse:min-h-11";
