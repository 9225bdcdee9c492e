import { getTranslations } from "next-intl/server";
import { card, tapLink, tapSummary } from "@/components/ui/styles";

const STEPS = ["step1", "step2", "step3", "step4", "step5"] as const;
// Spotify's own page for the data download (its account site redirects to sign-in first when needed).
const PRIVACY_URL = "https://www.spotify.com/account/privacy/";

/**
 * The way to Spotify's extended streaming history, which its API cannot give (only the last 50 plays).
 * Open until the first finished import, then folded away.
 */
export async function SpotifyGuide({ open }: { open: boolean }) {
  const t = await getTranslations("imports.spotifyGuide");
  return (
    <details className={`${card} group`} open={open}>
      <summary className={`cursor-pointer text-lg font-semibold ${tapSummary}`}>{t("title")}</summary>
      <ol className="mt-3 list-decimal space-y-2 pl-6 text-sm">
        {STEPS.map((step) => (
          <li key={step}>
            {t.rich(step, {
              a: (c) => (
                <a
                  href={PRIVACY_URL}
                  target="_blank"
                  rel="noopener noreferrer"
                  className={`${tapLink} font-medium text-accent-ink underline`}
                >
                  {c}
                </a>
              ),
              f: (c) => <code translate="no">{c}</code>,
            })}
          </li>
        ))}
      </ol>
      <p className="mt-3 text-sm text-muted">{t("note")}</p>
    </details>
  );
}
