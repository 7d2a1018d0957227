import type { TaggedEntry } from './federation';

/**
 * The key holders whose partial decryptions the coordinator logged as received, once each, or null if it logged none:
 * a combination logs those after its first t apart (`late`), so every such entry counts.
 */
export function partialsReceived(entries: TaggedEntry[]): string[] | null {
  const receipts = entries.filter((e) => e.log === 'coordinator' && e.type === 'decryption.received');
  if (receipts.length === 0) return null;
  const from = receipts.flatMap((e) => (Array.isArray(e.details.from) ? e.details.from.map(String) : []));
  return [...new Set(from)];
}
