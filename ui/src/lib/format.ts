// Every time on the dashboard is shown and entered in UTC, so two people in different time zones read the
// same instant the same way.

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

/** Formats epoch milliseconds as "2024-04-27 16:16:07.890 UTC"; seconds only when withMillis is false. */
export function formatUtc(epochMs: number, withMillis = true): string {
  const d = new Date(epochMs);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${date} ${time}${withMillis ? "." + pad(d.getUTCMilliseconds(), 3) : ""} UTC`;
}

/** Formats the time of day of epoch milliseconds, "16:16:07 UTC". */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}

/** Formats epoch milliseconds for a text input: "2024-04-27 16:16:07". */
export function formatUtcInput(epochMs: number): string {
  return formatUtc(epochMs, false).replace(" UTC", "");
}

const UTC_INPUT = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?: ?(?:UTC|Z))?$/;

/**
 * Parses "YYYY-MM-DD HH:MM[:SS[.mmm]]" in UTC (an optional "UTC" or "Z" suffix is allowed) or a number of epoch
 * milliseconds. Returns null when the text is neither or names no real date.
 */
export function parseUtc(text: string): number | null {
  const trimmed = text.trim();
  if (/^\d{10,}$/.test(trimmed)) {
    return Number(trimmed);
  }
  const match = UTC_INPUT.exec(trimmed);
  if (!match) {
    return null;
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [
    number, number, number, number, number, number,
  ];
  const millis = Number((match[7] ?? "0").padEnd(3, "0"));
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC rolls 2024-02-31 over into March; reject such dates instead of silently moving them.
  const check = new Date(ms);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return null;
  }
  return ms;
}

/** Formats a duration in milliseconds as "4 min 12 s", "850 ms" or "2 h 3 min". */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? "-" : "";
  let rest = Math.abs(Math.round(ms));
  if (rest < 1000) {
    return `${sign}${rest} ms`;
  }
  const days = Math.floor(rest / 86_400_000);
  rest -= days * 86_400_000;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = rest / 1000;
  const parts: string[] = [];
  if (days) parts.push(`${days} d`);
  if (hours) parts.push(`${hours} h`);
  if (minutes) parts.push(`${minutes} min`);
  if (seconds && !days && !hours) {
    parts.push(minutes ? `${Math.floor(seconds)} s` : `${Number(seconds.toFixed(1))} s`);
  }
  return sign + parts.slice(0, 2).join(" ");
}

export function formatTorque(nm: number): string {
  // Rounds first so that, for example, -0.001 prints as 0.00 and not as -0.00.
  const rounded = Math.round(nm * 100) / 100;
  return `${(rounded === 0 ? 0 : rounded).toFixed(2)} Nm`;
}

export function formatScore(score: number): string {
  return score.toFixed(2);
}
