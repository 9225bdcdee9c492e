import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AuthCard } from "@/components/auth/auth-card";
import { RegisterForm } from "@/components/auth/register-form";
import { tapLink } from "@/components/ui/styles";
import { getDb } from "@/db/client";
import { registrationAllowed } from "@/lib/accounts/users";
import { currentUser } from "@/lib/auth";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth"))("registerTitle") };
}

export default async function RegisterPage() {
  if (await currentUser()) redirect("/dashboard");
  const t = await getTranslations("auth");
  return (
    <AuthCard title={t("registerTitle")} subtitle={t("registerSubtitle")}>
      {(await registrationAllowed(getDb())) ? (
        <RegisterForm />
      ) : (
        <p role="status" className="rounded-xl bg-card-2 p-4 text-sm">
          {t("registrationClosed")}{" "}
          <Link
            href="/login"
            className={`${tapLink} font-medium text-accent-ink underline-offset-2 hover:underline`}
          >
            {t("loginLink")}
          </Link>
        </p>
      )}
    </AuthCard>
  );
}
