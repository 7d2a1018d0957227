import { Refusal } from '@bfa/runtime';

export type Presence = 'there' | 'busy' | 'gone' | 'unknown';

export interface StepWatch {
  /** How often the node is looked for while the step runs. */
  intervalMs: number;
  /** Consecutive `gone` answers before the step is given up: a node reconnecting after a NATS blip is back within one or two. */
  misses: number;
  /** What stops when the node is gone, for the reason (`combination` unless told). */
  step?: string;
}

/** The step's node is gone: `detail` names it and how long nats-server had no process for it. */
export class NodeGone extends Refusal {
  constructor(
    readonly org: string,
    readonly detail: string,
    step: string,
  ) {
    super(`${step} stopped: ${detail}`);
  }
}

/**
 * Runs one step of a chain while looking every interval whether its node is still there: a node nats-server says
 * is gone `misses` times in a row fails the step with that reason, within seconds, instead of the step's own
 * timeout (an hour for a combination step). A busy node (late to answer) is left to work. The looking stops when
 * the step ends or `until` settles (the step's outcome no longer matters: a decryption already stopped).
 */
export async function watchStep<T>(
  org: string,
  step: Promise<T>,
  presence: () => Promise<Presence>,
  watch: StepWatch,
  until?: Promise<unknown>,
): Promise<T> {
  let finished = false;
  until?.then(
    () => (finished = true),
    () => (finished = true),
  );
  const watching = (async (): Promise<never> => {
    let gone = 0;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, watch.intervalMs));
      if (finished) return new Promise<never>(() => undefined);
      const seen = await presence();
      if (finished) return new Promise<never>(() => undefined);
      gone = seen === 'gone' ? gone + 1 : 0;
      if (gone >= watch.misses) {
        const detail = `${org} went away during the step (nats-server had no ${org} node for ${gone} checks ${Math.round(watch.intervalMs / 1000)} s apart)`;
        throw new NodeGone(org, detail, watch.step ?? 'combination');
      }
    }
  })();
  try {
    return await Promise.race([step, watching]);
  } finally {
    finished = true;
  }
}
