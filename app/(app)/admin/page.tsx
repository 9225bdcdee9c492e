import { notFound, redirect } from "next/navigation";
import { requireUser } from "@/lib/auth";

export default async function AdminPage() {
  // Checked here too: the page may resolve before the layout, and a redirect would reveal the area.
  if ((await requireUser()).role !== "admin") notFound();
  redirect("/admin/users");
}
