import fs from "node:fs";

// A plain POSIX ustar archive, written entry by entry: no zip library is installed and tar opens everywhere.
function header(name: string, size: number, mtime: Date): Buffer {
  const block = Buffer.alloc(512);
  const bytes = Buffer.from(name, "utf8");
  // ustar keeps names up to 100 bytes, plus a 155-byte prefix split at a slash.
  let base = bytes;
  let prefix = Buffer.alloc(0);
  if (bytes.length > 100) {
    const slash = name.lastIndexOf("/", 154);
    prefix = Buffer.from(name.slice(0, slash), "utf8");
    base = Buffer.from(name.slice(slash + 1), "utf8");
    if (slash < 0 || prefix.length > 155 || base.length > 100) throw new Error(`tar: name too long: ${name}`);
  }
  base.copy(block, 0);
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, "0");
  block.write(octal(0o644, 8), 100, "ascii");
  block.write(octal(0, 8), 108, "ascii");
  block.write(octal(0, 8), 116, "ascii");
  block.write(octal(size, 12), 124, "ascii");
  block.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, "ascii");
  block.write("        ", 148, "ascii");
  block.write("0", 156, "ascii");
  block.write("ustar\u000000", 257, "ascii");
  prefix.copy(block, 345);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, "0")}\u0000 `, 148, "ascii");
  return block;
}

export class TarWriter {
  private readonly fd: number;
  constructor(file: string) {
    this.fd = fs.openSync(file, "w");
  }

  add(name: string, data: Buffer, mtime = new Date()): void {
    fs.writeSync(this.fd, header(name, data.length, mtime));
    fs.writeSync(this.fd, data);
    const padding = (512 - (data.length % 512)) % 512;
    if (padding) fs.writeSync(this.fd, Buffer.alloc(padding));
  }

  close(): void {
    fs.writeSync(this.fd, Buffer.alloc(1024));
    fs.closeSync(this.fd);
  }
}

// Reads the entries back (tests, and anyone checking an export).
export function readTar(data: Buffer): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  let offset = 0;
  while (offset + 512 <= data.length) {
    const block = data.subarray(offset, offset + 512);
    if (block.every((byte) => byte === 0)) break;
    const field = (start: number, length: number) =>
      block
        .subarray(start, start + length)
        .toString("utf8")
        .split("\u0000")[0];
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const size = Number.parseInt(field(124, 12).trim(), 8);
    entries.set(name, Buffer.from(data.subarray(offset + 512, offset + 512 + size)));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}
