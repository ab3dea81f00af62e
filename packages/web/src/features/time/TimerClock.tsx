import { useEffect, useState } from "react";
import { formatClock } from "./duration";

// Seconds since `since`, re-rendered every second.
export function TimerClock({ since }: { since: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, []);
  return <span style={{ fontVariantNumeric: "tabular-nums" }}>{formatClock((now - since) / 1000)}</span>;
}
