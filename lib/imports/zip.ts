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

type ZipIndex = {
  zip: yauzl.ZipFile;
  entries: Map<string, yauzl.Entry>;
  open: number;
  idle?: NodeJS.Timeout;
};
const indexes = new Map<string, Promise<ZipIndex>>();
// How long an archive stays open after its last member was read (the next member usually follows at once).
const IDLE_MS = 5000;

/** Reads the central directory once; members are then opened by name without scanning it again. */
async function zipIndex(file: string): Promise<ZipIndex> {
  let index = indexes.get(file);
  if (!index) {
    index = (async () => {
      const zip = await openZip(file);
      const entries = new Map<string, yauzl.Entry>();
      await new Promise<void>((resolve, reject) => {
        zip.on("error", (err) => reject(refusal(err)));
        zip.on("end", () => resolve());
        zip.on("entry", (entry: yauzl.Entry) => {
          entries.set(entry.fileName, entry);
          zip.readEntry();
        });
        zip.readEntry();
      }).catch((err: unknown) => {
        zip.close();
        throw err;
      });
      return { zip, entries, open: 0 };
    })();
    indexes.set(file, index);
    index.catch(() => indexes.delete(file));
  }
  return index;
}

function release(file: string, index: ZipIndex) {
  index.open--;
  if (index.open > 0) return;
  clearTimeout(index.idle);
  index.idle = setTimeout(() => {
    if (index.open > 0) return;
    indexes.delete(file);
    index.zip.close();
  }, IDLE_MS);
  index.idle.unref();
}

/**
 * One member's bytes. yauzl stops a member that inflates past its declared size (or short of it): that
 * is the ZIP lying about its contents, refused as such rather than as an internal error.
 */
export async function* openZipMember(file: string, name: string): AsyncGenerator<Buffer> {
  const index = await zipIndex(file);
  const entry = index.entries.get(name);
  if (!entry) throw new ImportRefused(`The ZIP no longer contains ${name}.`, "zip_invalid");
  index.open++;
  clearTimeout(index.idle);
  let stream: Readable | undefined;
  try {
    stream = await new Promise<Readable>((resolve, reject) =>
      index.zip.openReadStream(entry, (err, s) => (err || !s ? reject(refusal(err)) : resolve(s))),
    );
    try {
      for await (const chunk of stream) yield chunk as Buffer;
    } catch (err) {
      if (err instanceof ImportRefused) throw err;
      throw new ImportRefused(
        `${name} in the ZIP does not match the size the ZIP declares for it (damaged or tampered with): ${err instanceof Error ? err.message : String(err)}.`,
        "zip_invalid",
      );
    }
  } finally {
    stream?.destroy();
    release(file, index);
  }
}
