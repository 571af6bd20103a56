import { useEffect, useState, type FormEvent } from "react";
import { formatUtc, formatUtcInput, parseUtc } from "../../lib/format";
import { neighbours, type Timeline } from "../../lib/timeline";

/** Chart windows around the instant, in ms on each side. */
export const WINDOW_CHOICES = [10_000, 30_000, 120_000, 600_000];

/** How long the slider must rest before the page loads the new instant. */
const SLIDER_SETTLE_MS = 250;

/** Picks the instant to replay: a slider over the history in whole seconds, a typed UTC time, or event steps. */
export function InstantPicker({ timeline, at, onPick, windowMs, onWindowChange }: {
  timeline: Timeline;
  at: number;
  onPick: (at: number) => void;
  windowMs: number;
  onWindowChange: (windowMs: number) => void;
}) {
  const [sliderValue, setSliderValue] = useState(at);
  const [text, setText] = useState(formatUtcInput(at));
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setSliderValue(at);
    setText(formatUtcInput(at));
  }, [at]);

  useEffect(() => {
    if (sliderValue === at) return undefined;
    const timer = setTimeout(() => onPick(sliderValue), SLIDER_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [sliderValue, at, onPick]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseUtc(text);
    if (parsed === null) {
      setError("Use YYYY-MM-DD HH:MM:SS in UTC, or epoch milliseconds.");
      return;
    }
    setError(null);
    onPick(parsed);
  };

  const { previous, next } = neighbours(timeline.entries, at);
  const min = Math.floor(timeline.start / 1000) * 1000;
  const max = Math.ceil(timeline.end / 1000) * 1000;

  return (
    <div className="instant-picker">
      <div className="slider-row">
        <label htmlFor="instant-slider">Instant</label>
        <input
          id="instant-slider"
          type="range"
          min={min}
          max={max}
          step={1000}
          value={Math.min(Math.max(sliderValue, min), max)}
          onChange={(event) => setSliderValue(Number(event.target.value))}
          aria-valuetext={formatUtc(sliderValue, false)}
        />
      </div>
      <form className="toolbar" onSubmit={submit} noValidate>
        <button type="button" onClick={() => previous !== null && onPick(previous)} disabled={previous === null}>
          ← Previous event
        </button>
        <label htmlFor="instant-text">Time (UTC)</label>
        <input
          id="instant-text"
          value={text}
          onChange={(event) => setText(event.target.value)}
          size={22}
          spellCheck={false}
          aria-invalid={error !== null}
          aria-describedby={error ? "instant-text-error" : undefined}
        />
        <button type="submit">Go</button>
        <button type="button" onClick={() => next !== null && onPick(next)} disabled={next === null}>
          Next event →
        </button>
        <label htmlFor="window-select">Chart window</label>
        <select id="window-select" value={windowMs} onChange={(event) => onWindowChange(Number(event.target.value))}>
          {WINDOW_CHOICES.map((choice) => (
            <option key={choice} value={choice}>
              ±{choice >= 60_000 ? `${choice / 60_000} min` : `${choice / 1000} s`}
            </option>
          ))}
        </select>
        {error ? (
          <span id="instant-text-error" className="field-error" role="alert">
            {error}
          </span>
        ) : null}
      </form>
    </div>
  );
}
