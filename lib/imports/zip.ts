import type { Readable } from "node:stream";
import yauzl from "yauzl";
import { ImportRefused } from "./errors";

export type ZipMember = { name: string; size: number; compressedSize: number };

/** Limits against ZIP bombs: declared sizes are checked up front, actual sizes while reading (yauzl). */
export type ZipLimits = { maxTotalBytes: number; maxRatio: number; maxEntries: number };

export const defaultZipLimits = (maxUpload: number): ZipLimits => ({
  // A real Spotify export compresses about 10:1; lifetime histories unpack to a few hundred MB.
  maxTotalBytes: Math.max(maxUpload * 4, 64 * 1024 ** 2),
  maxRatio: 100,
  maxEntries: 10_000,
});

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) reject(refusal(err));
      else resolve(zip);
    });
  });
}

function refusal(err: unknown): Error {
  const msg = err instanceof Error ? err.message : String(err);
  if (/invalid relative path|absolute path|invalid characters in fileName/.test(msg)) {
    return new ImportRefused(
      `The ZIP contains a file name that points outside the archive (${msg.replace(/^.*?: /, "")}); refused for safety.`,
      "zip_traversal",
    );
  }
  if (err instanceof ImportRefused) return err;
  return new ImportRefused(`The ZIP file is damaged or not a ZIP (${msg}).`, "zip_invalid");
}

/** Every member, refusing traversal names and bomb-like sizes before a single byte is unpacked. */
export async function listZip(file: string, limits: ZipLimits): Promise<ZipMember[]> {
  const zip = await openZip(file);
  try {
    return await new Promise<ZipMember[]>((resolve, reject) => {
      const members: ZipMember[] = [];
      let total = 0;
      zip.on("error", (err) => reject(refusal(err)));
      zip.on("end", () => resolve(members));
      zip.on("entry", (entry: yauzl.Entry) => {
        if (!entry.fileName.endsWith("/")) {
          total += entry.uncompressedSize;
          const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
          if (members.length >= limits.maxEntries) {
            return reject(new ImportRefused("The ZIP holds too many files to be an export.", "zip_bomb"));
          }
          if (
            total > limits.maxTotalBytes ||
            (entry.uncompressedSize > 1024 ** 2 && ratio > limits.maxRatio)
          ) {
            return reject(
              new ImportRefused(
                "The ZIP unpacks to far more data than any listening-history export (a ZIP bomb?); refused.",
                "zip_bomb",
              ),
            );
          }
          members.push({
            name: entry.fileName,
            size: entry.uncompressedSize,
            compressedSize: entry.compressedSize,
          });
        }
        zip.readEntry();
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

/** A stream of one member's bytes; yauzl errors if it inflates past its declared size. */
export async function openZipMember(file: string, name: string): Promise<Readable> {
  const zip = await openZip(file);
  return new Promise<Readable>((resolve, reject) => {
    let found = false;
    zip.on("error", (err) => reject(refusal(err)));
    zip.on("end", () => {
      if (!found) {
        zip.close();
        reject(new ImportRefused(`The ZIP no longer contains ${name}.`, "zip_invalid"));
      }
    });
    zip.on("entry", (entry: yauzl.Entry) => {
      if (entry.fileName !== name) return zip.readEntry();
      found = true;
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) {
          zip.close();
          return reject(refusal(err));
        }
        stream.on("close", () => zip.close());
        stream.on("error", () => zip.close());
        resolve(stream);
      });
    });
    zip.readEntry();
  });
}
