import { inject } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { TEST_SECRETS } from "./helpers/secrets";

// Every test process talks to the suite's own database and uses the test secrets.
Object.assign(process.env, TEST_SECRETS, {
  DATABASE_URL: inject("databaseUrl"),
  JOBS_PREFIX: inject("jobsPrefix"),
});
resetEnvCache();
