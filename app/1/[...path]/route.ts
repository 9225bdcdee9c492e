import { LbError } from "@/lib/listenbrainz/errors";
import { lbError, preflight } from "@/lib/listenbrainz/http";

// Endpoints of ListenBrainz we do not serve answer in its JSON shape, not with Next's HTML 404 page.
const notFound = async () => lbError(new LbError(404, "The requested URL was not found on the server."));

export const GET = notFound;
export const POST = notFound;
export const OPTIONS = preflight;
