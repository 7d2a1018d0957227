import { Logger } from '@nestjs/common';

/** One line per this long at most for refused pushes, however many come. */
export const PUSH_REFUSALS_WINDOW_MS = 10_000;

/**
 * The journal of refused pushed chunks. Since protocol version 4 any partner's NATS account may publish to this
 * node's `combination.chunk.pushed`, so refusals are no longer only the coordinator's doing: one warning per window,
 * the next one counting those left out, so a partner flooding junk can't fill the disk with this node's journal.
 */
export class PushedRefusals {
  private last = -Infinity;
  private left = 0;

  constructor(
    private readonly logger: Pick<Logger, 'warn' | 'error'>,
    private readonly windowMs = PUSH_REFUSALS_WINDOW_MS,
    private readonly now = () => Date.now(),
  ) {}

  warn(message: string): void {
    this.line((text) => this.logger.warn(text), message);
  }

  error(message: string): void {
    this.line((text) => this.logger.error(text), message);
  }

  private line(write: (text: string) => void, message: string): void {
    const now = this.now();
    if (now - this.last < this.windowMs) {
      this.left++;
      return;
    }
    const left =
      this.left > 0 ? ` (${this.left} more refused in the ${this.windowMs / 1000} s before, not logged)` : '';
    write(`${message}${left}`);
    this.last = now;
    this.left = 0;
  }
}
