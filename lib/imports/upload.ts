import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { BadRequest, type HttpError } from "@/lib/errors";
import type { StoredUpload } from "./create";
import { TooManyFiles, UploadTooLarge } from "./quota";

const safeName = (name: string) =>
  path
    .basename(name.replace(/\\/g, "/"))
    .replace(/[^\w.\-() ]+/g, "_")
    .slice(0, 120) || "upload";

/**
 * Streams the multipart field `file` (one or more files) to `dir` without buffering, hashing as it goes.
 * Over the size limit (`tooLarge` says which one: the upload's or the user's storage) or the file count
 * the partial files are deleted and 413 is thrown; files past the count are never silently dropped.
 */
export async function receiveUpload(
  req: Request,
  p: { dir: string; maxBytes: number; maxFiles: number; tooLarge?: HttpError },
): Promise<StoredUpload[]> {
  const refuseSize = () => p.tooLarge ?? new UploadTooLarge(p.maxBytes);
  const type = req.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data"))
    throw new BadRequest("Send the files as multipart/form-data in the field `file`", "file");
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > p.maxBytes + 1024 * 1024) throw refuseSize();
  if (!req.body) throw new BadRequest("No file was uploaded", "file");
  let bb: busboy.Busboy;
  try {
    // Throws on a content type without a boundary: refused before any folder exists.
    bb = busboy({
      headers: { "content-type": type },
      limits: { fileSize: p.maxBytes, files: p.maxFiles, fields: 10 },
    });
  } catch (err) {
    throw new BadRequest(
      `The upload could not be read (${err instanceof Error ? err.message : err})`,
      "file",
    );
  }
  // Other people's history: readable by the app's user only.
  await fs.promises.mkdir(p.dir, { recursive: true, mode: 0o700 });
  const stored: StoredUpload[] = [];
  const writes: Promise<void>[] = [];
  let tooLarge = false;
  let tooMany = false;
  let total = 0;
  bb.on("filesLimit", () => {
    tooMany = true;
  });
  bb.on("file", (field, stream, info) => {
    if (field !== "file") return void stream.resume();
    const target = path.join(
      p.dir,
      `${stored.length}-${randomBytes(3).toString("hex")}-${safeName(info.filename ?? "upload")}`,
    );
    const entry: StoredUpload = {
      path: target,
      name: safeName(info.filename ?? "upload"),
      bytes: 0,
      sha256: "",
    };
    stored.push(entry);
    const hash = createHash("sha256");
    stream.on("data", (chunk: Buffer) => {
      hash.update(chunk);
      entry.bytes += chunk.length;
      total += chunk.length;
      if (total > p.maxBytes) tooLarge = true;
    });
    stream.on("limit", () => {
      tooLarge = true;
    });
    writes.push(
      pipeline(stream, fs.createWriteStream(target, { mode: 0o600 })).then(() => {
        entry.sha256 = hash.digest("hex");
      }),
    );
  });
  try {
    await pipeline(Readable.fromWeb(req.body as unknown as WebReadableStream), bb);
    await Promise.all(writes);
  } catch (err) {
    await fs.promises.rm(p.dir, { recursive: true, force: true });
    if (tooLarge) throw refuseSize();
    if (tooMany) throw new TooManyFiles(p.maxFiles);
    throw new BadRequest(
      `The upload could not be read (${err instanceof Error ? err.message : String(err)})`,
      "file",
    );
  }
  if (tooLarge || tooMany || !stored.length) {
    await fs.promises.rm(p.dir, { recursive: true, force: true });
    if (tooLarge) throw refuseSize();
    if (tooMany) throw new TooManyFiles(p.maxFiles);
    throw new BadRequest("No file was uploaded in the field `file`", "file");
  }
  return stored;
}
