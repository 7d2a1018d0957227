import { Reply } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { NodeGone, Presence, StepWatch, watchStep } from './step-watch';

/** One key holder's request, watched; the whole decryption's answers are awaited together. */
export type WatchedRequest = <T>(org: string, request: Promise<Reply<T>>) => Promise<Reply<T>>;

/**
 * Each key holder's decryption watched like a combination step: a holder nats-server says is gone (or that no
 * longer has a subscription) counts as silent at once, and the others may still reach the threshold; once fewer
 * than the threshold can still answer, the whole decryption stops, naming the silent key holders, within seconds
 * instead of BFA_NODE_TIMEOUT_MS.
 */
export function watchKeyHolders(
  keyHolders: string[],
  threshold: number,
  presence: (org: string) => Promise<Presence>,
  watch: StepWatch,
): WatchedRequest {
  const silent = new Map<string, string>();
  let stop: (refusal: Refusal) => void = () => undefined;
  const quorumLost = new Promise<never>((_, reject) => (stop = reject));
  quorumLost.catch(() => undefined);
  const fallsSilent = (org: string, reason: string) => {
    silent.set(org, reason);
    const left = keyHolders.length - silent.size;
    if (left < threshold) {
      stop(
        new Refusal(
          `decryption stopped: only ${left} of the ${threshold} key holders needed can still answer; silent: ${[...silent.keys()].join(', ')} (${[...silent.values()].join('; ')})`,
        ),
      );
    }
  };
  return <T>(org: string, request: Promise<Reply<T>>) => {
    const watched = watchStep(org, request, () => presence(org), { ...watch, step: 'decryption' }, quorumLost).then(
      (reply) => {
        if (!reply.ok && reply.unreachable) fallsSilent(org, reply.reason);
        return reply;
      },
      (error): Reply<T> => {
        if (!(error instanceof NodeGone)) throw error;
        fallsSilent(org, error.detail);
        return { ok: false, reason: error.detail, unreachable: true };
      },
    );
    return Promise.race([watched, quorumLost]);
  };
}
