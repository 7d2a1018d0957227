import { Logger } from '@nestjs/common';
import { InvalidMessageError, Reply } from '@bfa/protocol';

/** A refusal that is expected and safe to tell the caller (its reason carries no data). */
export class Refusal extends Error {}

/**
 * Runs a NATS handler so that it always answers: a refusal or malformed message becomes
 * `{ ok: false, reason }` and is logged; an unexpected error is logged and answered without its details.
 */
export async function answer<T>(
  logger: Pick<Logger, 'warn' | 'error'>,
  what: string,
  work: () => Promise<T>,
  onRefusal: (reason: string) => Promise<unknown> = async () => undefined,
): Promise<Reply<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof Refusal || error instanceof InvalidMessageError) {
      logger.warn(`${what} refused: ${error.message}`);
      await onRefusal(error.message).catch((failure) => logger.error(`could not log the refusal: ${failure}`));
      return { ok: false, reason: error.message };
    }
    logger.error(`${what} failed: ${(error as Error).stack ?? error}`);
    return { ok: false, reason: `${what} failed on an internal error` };
  }
}
