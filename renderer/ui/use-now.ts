import { useEffect, useState } from 'react';

/**
 * The current time, re-rendering every `intervalMs` while `isTicking`
 * (a countdown or a call timer); frozen otherwise so idle screens stay idle.
 */
export function useNow(isTicking: boolean, intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!isTicking) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [isTicking, intervalMs]);
  return now;
}
