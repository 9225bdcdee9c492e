import { z } from "zod";
import { providers } from "@/db/schema";
import { route } from "@/lib/http";
import { disconnect, disconnectQuery } from "../disconnect";

const params = z.object({ provider: z.enum(providers) });

export const DELETE = route({ auth: "user", params, query: disconnectQuery }, ({ db, user, params, query }) =>
  disconnect(db, user.id, params.provider, query),
);
