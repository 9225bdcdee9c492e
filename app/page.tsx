import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LogoMark } from "@/components/ui/logo";
import { buttonPrimary, buttonSecondary } from "@/components/ui/styles";
import { currentUser } from "@/lib/auth";

export default async function Landing() {
  if (await currentUser()) redirect("/dashboard");
  const t = await getTranslations("landing");
  return (
    <main className="mx-auto flex min-h-dvh max-w-xl flex-col items-center justify-center gap-8 px-6 py-12 text-center">
      <LogoMark className="h-20 w-20" />
      <div className="space-y-4">
        <h1 className="bg-gradient-to-r from-accent to-accent-2 bg-clip-text text-4xl font-extrabold text-transparent">
          MusicTrace
        </h1>
        <p className="text-xl font-semibold">{t("title")}</p>
        <p className="text-muted">{t("blurb")}</p>
      </div>
      <ul className="space-y-2 text-left text-sm text-muted">
        {(["feature1", "feature2", "feature3"] as const).map((k) => (
          <li key={k} className="flex gap-2">
            <span aria-hidden className="text-accent-ink">
              ✓
            </span>
            {t(k)}
          </li>
        ))}
      </ul>
      <div className="flex w-full flex-col gap-3 sm:w-auto sm:flex-row">
        <Link href="/login" className={buttonPrimary}>
          {t("signIn")}
        </Link>
        <Link href="/register" className={buttonSecondary}>
          {t("register")}
        </Link>
      </div>
    </main>
  );
}
