// Checking an XLSX archive before exceljs reads it. exceljs' streaming reader waits forever on a
// damaged entry (its zip reader drops the inflate error, and garbled XML stalls it), so every entry is
// inflated here once and checked against its CRC-32, keeping nothing (memory stays at one chunk).
// Entries are found through the central directory, never by scanning for signatures: an entry written
// with a data descriptor (flag bit 3, as streaming writers do) has no size in its local header, and its
// compressed bytes may hold any sequence.
import { type FileHandle, open } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { Inflate } from 'fflate';

const CHUNK = 64 * 1024;
/** Where the archive's central directory may be: the end record and its comment are in the last 64 KB. */
const END_SEARCH = 65_557;
/** An XLSX has a few dozen entries; a larger directory is not a workbook. */
const MAX_DIRECTORY = 1024 * 1024;
const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const DESCRIPTOR = 0x08074b50;
const DESCRIPTOR_BYTES = Buffer.from([0x50, 0x4b, 0x07, 0x08]);
/** ZIP64 marks a field it moved to its extra record with all ones; an upload-sized XLSX never needs it. */
const ZIP64 = 0xffffffff;

interface Entry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

/** Why the archive cannot be read safely (e.g. "damaged archive (xl/styles.xml: checksum mismatch)"), or null. */
export async function archiveProblem(path: string): Promise<string | null> {
  const handle = await open(path, 'r');
  try {
    const { entries, directoryAt } = await centralDirectory(handle);
    // entries follow one another from the first byte to the directory: what a streaming reader meets
    let at = 0;
    for (const entry of entries.sort((a, b) => a.offset - b.offset)) {
      if (entry.offset !== at) return `damaged archive (${entry.name}: not where the previous entry ends)`;
      const checked = await checkEntry(handle, entry);
      if (typeof checked === 'string') return checked;
      at = checked;
    }
    return at === directoryAt ? null : 'damaged archive (data between the last entry and the central directory)';
  } catch (error) {
    return error instanceof Unsupported ? error.message : `damaged archive (${error instanceof Error ? error.message : String(error)})`;
  } finally {
    await handle.close();
  }
}

class Unsupported extends Error {}

async function read(handle: FileHandle, length: number, position: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  if (bytesRead < length) throw new Error('unexpected end of archive');
  return buffer;
}

async function centralDirectory(handle: FileHandle): Promise<{ entries: Entry[]; directoryAt: number }> {
  const { size } = await handle.stat();
  const tail = await read(handle, Math.min(size, END_SEARCH), size - Math.min(size, END_SEARCH));
  const end = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > tail.length || tail.readUInt32LE(end) !== END) throw new Error('no central directory');
  const count = tail.readUInt16LE(end + 10);
  const length = tail.readUInt32LE(end + 12);
  const offset = tail.readUInt32LE(end + 16);
  if (count === 0xffff || length === ZIP64 || offset === ZIP64) throw new Unsupported('ZIP64 archives are not supported');
  if (length > MAX_DIRECTORY || offset + length > size) throw new Error('central directory out of bounds');
  const directory = await read(handle, length, offset);
  const entries: Entry[] = [];
  for (let at = 0; at < length; ) {
    if (at + 46 > length || directory.readUInt32LE(at) !== CENTRAL) throw new Error('central directory damaged');
    const nameLength = directory.readUInt16LE(at + 28);
    const entry = {
      name: directory.toString('utf8', at + 46, at + 46 + nameLength),
      method: directory.readUInt16LE(at + 10),
      crc: directory.readUInt32LE(at + 16),
      compressedSize: directory.readUInt32LE(at + 20),
      size: directory.readUInt32LE(at + 24),
      offset: directory.readUInt32LE(at + 42),
    };
    if (entry.compressedSize === ZIP64 || entry.size === ZIP64 || entry.offset === ZIP64) throw new Unsupported('ZIP64 archives are not supported');
    entries.push(entry);
    at += 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
  }
  if (entries.length !== count) throw new Error('central directory damaged');
  return { entries, directoryAt: offset };
}

/** Reads the entry's local header and data and checks them; where the next entry begins, or the problem. */
async function checkEntry(handle: FileHandle, entry: Entry): Promise<number | string> {
  const damaged = (why: string) => `damaged archive (${entry.name}: ${why})`;
  const header = await read(handle, 30, entry.offset);
  if (header.readUInt32LE(0) !== LOCAL) return damaged('no local header');
  const descriptor = (header.readUInt16LE(6) & 8) !== 0;
  if (header.readUInt16LE(8) !== entry.method) return damaged('local header disagrees with the central directory');
  // without a data descriptor the local header's sizes are what a streaming reader goes by
  if (!descriptor && (header.readUInt32LE(18) !== entry.compressedSize || header.readUInt32LE(22) !== entry.size)) {
    return damaged('local header disagrees with the central directory');
  }
  if (entry.method !== 0 && entry.method !== 8) return damaged(`unknown compression method ${entry.method}`);
  const start = entry.offset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);

  let crc = 0;
  let out = 0;
  const take = (data: Uint8Array) => {
    crc = crc32(data, crc);
    out += data.length;
  };
  const inflate = entry.method === 8 ? new Inflate(take) : null;
  // exceljs' zip reader (unzipper) ends an entry with a data descriptor at the first PK\x07\x08 in it
  let previous: Buffer = Buffer.alloc(0);
  let early = false;
  try {
    for (let done = 0; done < entry.compressedSize; ) {
      const chunk = await read(handle, Math.min(CHUNK, entry.compressedSize - done), start + done);
      done += chunk.length;
      if (descriptor && (chunk.includes(DESCRIPTOR_BYTES) || Buffer.concat([previous, chunk.subarray(0, 3)]).includes(DESCRIPTOR_BYTES))) early = true;
      previous = chunk.subarray(-3);
      if (inflate) inflate.push(chunk, done === entry.compressedSize);
      else take(chunk);
      if (out > entry.size) return damaged('larger than its recorded size');
    }
    if (inflate && entry.compressedSize === 0) inflate.push(new Uint8Array(0), true);
  } catch (error) {
    return damaged(error instanceof Error ? error.message : String(error));
  }
  if (out !== entry.size || crc !== entry.crc) return damaged('checksum mismatch');
  if (early) {
    return `${entry.name}: its data holds the signature PK\\x07\\x08, which the XLSX reader takes for the end of the entry`;
  }
  let next = start + entry.compressedSize;
  if (descriptor) next += (await read(handle, 4, next)).readUInt32LE(0) === DESCRIPTOR ? 16 : 12;
  return next;
}
