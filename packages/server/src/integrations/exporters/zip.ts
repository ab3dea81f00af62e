import fs from "node:fs";
import { deflateRawSync, inflateRawSync } from "node:zlib";

// A small ZIP writer (no dependency): DEFLATE entries, UTF-8 names, a central directory at the end.
// Node 20 has no zlib.crc32, so CRC-32 is computed here from the usual table.
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function dosTime(date: Date): { time: number; date: number } {
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    date: ((Math.max(date.getFullYear(), 1980) - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

const UTF8_NAMES = 0x0800;
const DEFLATE = 8;

interface Entry {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
  time: number;
  date: number;
}

export class ZipWriter {
  private readonly fd: number;
  private readonly entries: Entry[] = [];
  private offset = 0;

  constructor(file: string) {
    this.fd = fs.openSync(file, "w");
  }

  private write(buffer: Buffer): void {
    fs.writeSync(this.fd, buffer);
    this.offset += buffer.length;
  }

  add(name: string, data: Buffer, mtime = new Date()): void {
    const nameBytes = Buffer.from(name, "utf8");
    const compressed = deflateRawSync(data);
    const { time, date } = dosTime(mtime);
    const entry: Entry = {
      name: nameBytes,
      crc: crc32(data),
      compressed: compressed.length,
      size: data.length,
      offset: this.offset,
      time,
      date,
    };
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(UTF8_NAMES, 6);
    header.writeUInt16LE(DEFLATE, 8);
    header.writeUInt16LE(time, 10);
    header.writeUInt16LE(date, 12);
    header.writeUInt32LE(entry.crc, 14);
    header.writeUInt32LE(entry.compressed, 18);
    header.writeUInt32LE(entry.size, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    header.writeUInt16LE(0, 28);
    this.write(header);
    this.write(nameBytes);
    this.write(compressed);
    this.entries.push(entry);
  }

  close(): void {
    const start = this.offset;
    for (const entry of this.entries) {
      const record = Buffer.alloc(46);
      record.writeUInt32LE(0x02014b50, 0);
      record.writeUInt16LE(20, 4);
      record.writeUInt16LE(20, 6);
      record.writeUInt16LE(UTF8_NAMES, 8);
      record.writeUInt16LE(DEFLATE, 10);
      record.writeUInt16LE(entry.time, 12);
      record.writeUInt16LE(entry.date, 14);
      record.writeUInt32LE(entry.crc, 16);
      record.writeUInt32LE(entry.compressed, 20);
      record.writeUInt32LE(entry.size, 24);
      record.writeUInt16LE(entry.name.length, 28);
      record.writeUInt32LE(entry.offset, 42);
      this.write(record);
      this.write(entry.name);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    this.write(end);
    // On disk before the export is recorded as done (durable-files.ts).
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
  }
}

// Reads a ZIP written by ZipWriter (or any stored/deflated ZIP without ZIP64) back, checking each CRC.
export function readZip(data: Buffer): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  const endAt = data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endAt < 0) throw new Error("not a zip file: no end of central directory");
  const count = data.readUInt16LE(endAt + 10);
  let at = data.readUInt32LE(endAt + 16);
  for (let index = 0; index < count; index += 1) {
    if (data.readUInt32LE(at) !== 0x02014b50) throw new Error("broken central directory");
    const method = data.readUInt16LE(at + 10);
    const crc = data.readUInt32LE(at + 16);
    const compressed = data.readUInt32LE(at + 20);
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    const local = data.readUInt32LE(at + 42);
    const name = data.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    const localName = data.readUInt16LE(local + 26);
    const localExtra = data.readUInt16LE(local + 28);
    const body = data.subarray(local + 30 + localName + localExtra, local + 30 + localName + localExtra + compressed);
    // A stored entry is a view of the archive (no copy: a zip of a board's files is mostly stored entries).
    const content = method === DEFLATE ? inflateRawSync(body) : body;
    if (crc32(content) !== crc) throw new Error(`CRC mismatch in ${name}`);
    entries.set(name, content);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
