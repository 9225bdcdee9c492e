import { NotFound } from "@/lib/errors";
import { errorResponse } from "@/lib/http";

// Any /api/ path no route claims answers JSON like the rest of the API, not Next's HTML 404 page.
const notFound = async () => errorResponse(new NotFound("No such API endpoint"));

export const GET = notFound;
export const HEAD = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;
