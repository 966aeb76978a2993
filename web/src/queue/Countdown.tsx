/** Time left before the server denies a pending request as expired. */
import { useEffect, useState } from 'react';
import { duration } from '../ui/format.js';

export function Countdown({ until, compact = false }: { until: string; compact?: boolean }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const left = Math.max(0, (Date.parse(until) - now) / 1000);
  const urgent = left < 15;
  const text = left <= 0 ? 'expiring' : compact ? duration(left) : `auto-deny in ${duration(left)}`;
  return (
    <span
      className={`countdown ${urgent ? 'urgent' : ''}`}
      title={`denied automatically at ${new Date(until).toLocaleTimeString()}`}
    >
      {text}
    </span>
  );
}
