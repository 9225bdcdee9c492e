import { type Decoded, decodeBytes } from "./decode";

/** Byte lines (LF or CRLF), each decoded on its own so one legacy-encoded row does not spoil the rest. */
export async function* decodedLines(source: AsyncIterable<Buffer>): AsyncGenerator<Decoded> {
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of source) {
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    let nl = buf.indexOf(0x0a, start);
    while (nl >= 0) {
      const end = nl > start && buf[nl - 1] === 0x0d ? nl - 1 : nl;
      yield decodeBytes(buf.subarray(start, end));
      start = nl + 1;
      nl = buf.indexOf(0x0a, start);
    }
    carry = buf.subarray(start);
  }
  if (carry.length) yield decodeBytes(carry[carry.length - 1] === 0x0d ? carry.subarray(0, -1) : carry);
}

/** RFC 4180 fields of one record; null when a quoted field is still open (the record spans lines). */
export function parseCsvRecord(text: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  while (i <= text.length) {
    if (text[i] === '"') {
      let value = "";
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) return null;
        value += text.slice(i, q);
        if (text[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      fields.push(value);
      const comma = text.indexOf(",", i);
      i = comma < 0 ? text.length + 1 : comma + 1;
    } else {
      const comma = text.indexOf(",", i);
      const end = comma < 0 ? text.length : comma;
      fields.push(text.slice(i, end));
      i = end + 1;
    }
  }
  return fields;
}

/** CSV records with quoted newlines joined back together. */
export async function* csvRecords(
  source: AsyncIterable<Buffer>,
): AsyncGenerator<{ fields: string[]; redecoded: boolean }> {
  let pending: string | null = null;
  let redecodedPending = false;
  for await (const line of decodedLines(source)) {
    const text: string = pending === null ? line.text : `${pending}\n${line.text}`;
    const redecoded: boolean = redecodedPending || line.redecoded;
    const fields = parseCsvRecord(text);
    if (fields === null) {
      pending = text;
      redecodedPending = redecoded;
      continue;
    }
    pending = null;
    redecodedPending = false;
    if (text.trim() === "") continue;
    yield { fields, redecoded };
  }
  if (pending !== null)
    yield { fields: parseCsvRecord(`${pending}"`) ?? [pending], redecoded: redecodedPending };
}
