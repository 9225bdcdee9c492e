import Link from "next/link";
import type { ReactNode } from "react";
import { card } from "@/components/ui/styles";

export function AuthCard({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle: string;
  children: ReactNode;
}) {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center px-4 py-10">
      <Link href="/" className="mb-6 text-center text-2xl font-extrabold">
        <span aria-hidden>🎵 </span>
        <span className="bg-gradient-to-r from-accent to-accent-2 bg-clip-text text-transparent">
          MusicTrace
        </span>
      </Link>
      <section className={card}>
        <h1 className="text-2xl font-bold">{title}</h1>
        <p className="mb-6 text-sm text-muted">{subtitle}</p>
        {children}
      </section>
    </main>
  );
}
