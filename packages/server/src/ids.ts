// gids are time-ordered integers that stay below 2^53 so JavaScript numbers hold them exactly:
// 41 bits of milliseconds since 2024-01-01, then 12 bits of a per-millisecond counter that starts at a random
// point in its lower half and never wraps: ids from one process always increase.
const EPOCH = Date.UTC(2024, 0, 1);
const COUNTER_BITS = 12;
const COUNTER_SPAN = 1 << COUNTER_BITS;

let lastMillis = 0;
let counter = 0;

const randomStart = () => Math.floor(Math.random() * (COUNTER_SPAN / 2));

export function newGid(): number {
  const now = Date.now() - EPOCH;
  if (now > lastMillis) {
    lastMillis = now;
    counter = randomStart();
  } else if (counter >= COUNTER_SPAN - 1) {
    // This millisecond is used up (or the clock went back): borrow the next one.
    lastMillis += 1;
    counter = randomStart();
  } else {
    counter += 1;
  }
  return lastMillis * COUNTER_SPAN + counter;
}

export function parseGid(value: string): number | null {
  if (!/^[1-9][0-9]{0,15}$/.test(value)) return null;
  const gid = Number(value);
  return Number.isSafeInteger(gid) ? gid : null;
}
