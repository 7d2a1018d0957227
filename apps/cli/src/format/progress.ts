import { Presets, SingleBar } from 'cli-progress';

/** A long wait told as it goes: on a terminal a bar with the words and the time so far, otherwise one plain line per change. */
export interface Progress {
  /** Where the work is: "3 of 4 partners have approved" with done 3 of total 4, or words alone for a step without a count. */
  step(words: string, done?: number, total?: number): void;
  /** The wait is over; the last words stay. */
  done(words?: string): void;
}

type Stream = NodeJS.WritableStream & { isTTY?: boolean };

/** Progress on stderr (so stdout stays the result), as a bar only when stderr is a terminal: logs and tests get plain lines. */
export function progressOn(stream: Stream = process.stderr): Progress {
  return stream.isTTY ? barProgress(stream) : lineProgress(stream);
}

function lineProgress(stream: Stream): Progress {
  let last = '';
  const say = (words: string) => {
    if (words !== last) stream.write(`${words}\n`);
    last = words;
  };
  return { step: (words) => say(words), done: (words) => words && say(words) };
}

function barProgress(stream: Stream): Progress {
  const bar = new SingleBar(
    { stream, format: '{bar} {words} ({duration_formatted})', barsize: 20, hideCursor: true, clearOnComplete: false },
    Presets.shades_classic,
  );
  let started = false;
  let total = 1;
  const show = (words: string, done?: number, of?: number) => {
    if (of !== undefined) total = Math.max(1, of);
    if (!started) bar.start(total, done ?? 0, { words });
    started = true;
    bar.setTotal(total);
    bar.update(done ?? bar.getProgress() * total, { words });
  };
  return {
    step: show,
    done: (words) => {
      if (words) show(words, total, total);
      if (started) bar.stop();
      started = false;
    },
  };
}
