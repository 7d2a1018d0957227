/** Remembers the nonces seen within the freshness window, so a captured request can't be sent again. */
export class NonceLedger {
  private readonly seen = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  /** True the first time a (principal, nonce) pair is seen within the window. */
  accept(principal: string, nonce: string, now = Date.now()): boolean {
    this.forgetBefore(now - this.windowMs);
    const key = `${principal}\n${nonce}`;
    if (this.seen.has(key)) return false;
    this.seen.set(key, now);
    return true;
  }

  private forgetBefore(cutoff: number): void {
    for (const [key, at] of this.seen) {
      if (at >= cutoff) break;
      this.seen.delete(key);
    }
  }
}
