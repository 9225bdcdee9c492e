import { getUserServices } from "@/lib/connections/services";
import { route } from "@/lib/http";

export const GET = route({ auth: "user" }, ({ db, user }) => getUserServices(db, user.id));
