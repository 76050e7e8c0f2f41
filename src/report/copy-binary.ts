// PostgreSQL's binary COPY format for one row whose large bytea field is streamed, not held: the header,
// the fields before and after it, and the trailer. Pure; see "COPY … Binary Format" in the PostgreSQL docs.

/** "PGCOPY\n\377\r\n\0", then int32 flags = 0 and int32 header-extension length = 0. */
export const COPY_HEADER = Buffer.from([
  0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
]);

/** int16 -1: no more tuples. */
export const COPY_TRAILER = Buffer.from([0xff, 0xff]);

/** A field's value in binary COPY: text as UTF-8, int8 big-endian, jsonb as version 1 + the JSON text. */
export type BinaryField =
  { type: "text"; value: string } | { type: "int8"; value: number } | { type: "jsonb"; value: string };

function body(f: BinaryField): Buffer {
  if (f.type === "text") return Buffer.from(f.value, "utf8");
  if (f.type === "jsonb") return Buffer.concat([Buffer.from([1]), Buffer.from(f.value, "utf8")]);
  if (!Number.isSafeInteger(f.value))
    throw new RangeError(`int8 field: expected a safe integer, got ${f.value}`);
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(f.value));
  return b;
}

/** int32 length, then the bytes. */
export function encodeField(f: BinaryField): Buffer {
  const data = body(f);
  const len = Buffer.alloc(4);
  len.writeInt32BE(data.length);
  return Buffer.concat([len, data]);
}

/** The start of a tuple of `fieldCount` fields. */
export function tupleStart(fieldCount: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeInt16BE(fieldCount);
  return b;
}

/** The length word of a streamed bytea field of `size` bytes (a bytea is at most 1 GB, within int32). */
export function streamedFieldLength(size: number): Buffer {
  if (!(Number.isInteger(size) && size >= 0 && size < 2 ** 30))
    throw new RangeError(`bytea field: expected 0 ≤ size < 1 GiB, got ${size}`);
  const b = Buffer.alloc(4);
  b.writeInt32BE(size);
  return b;
}
