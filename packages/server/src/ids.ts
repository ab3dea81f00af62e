// gids are time-ordered integers that stay below 2^53 so JavaScript numbers hold them exactly:
// 41 bits of milliseconds since 2024-01-01, then 12 bits of a per-millisecond counter with a random start.
const EPOCH = Date.UTC(2024, 0, 1);
const COUNTER_BITS = 12;
const COUNTER_SPAN = 1 << COUNTER_BITS;

let lastMillis = 0;
let counter = 0;
let issuedThisMillis = 0;

export function newGid(): number {
  let now = Date.now() - EPOCH;
  if (now < lastMillis) now = lastMillis;
  if (now !== lastMillis) {
    lastMillis = now;
    counter = Math.floor(Math.random() * COUNTER_SPAN);
    issuedThisMillis = 0;
  } else if (issuedThisMillis >= COUNTER_SPAN - 1) {
    lastMillis += 1;
    counter = Math.floor(Math.random() * COUNTER_SPAN);
    issuedThisMillis = 0;
  }
  counter = (counter + 1) % COUNTER_SPAN;
  issuedThisMillis += 1;
  return lastMillis * COUNTER_SPAN + counter;
}

export function parseGid(value: string): number | null {
  if (!/^[1-9][0-9]{0,15}$/.test(value)) return null;
  const gid = Number(value);
  return Number.isSafeInteger(gid) ? gid : null;
}
