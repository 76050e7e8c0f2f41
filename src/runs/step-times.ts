// Times of a stage's steps for its log line ("read 8.6s kmeans 3.6s …"): where a slow run spent its time.

export interface StepTimes {
  /** Ends the step running since the last call (or since the clock started) under this name. */
  lap(step: string): void;
  /** The steps so far, "name seconds" each, in order. */
  text(): string;
}

export function stepTimes(): StepTimes {
  const laps: string[] = [];
  let start = performance.now();
  return {
    lap(step) {
      const now = performance.now();
      laps.push(`${step} ${((now - start) / 1000).toFixed(1)}s`);
      start = now;
    },
    text: () => laps.join(" "),
  };
}
