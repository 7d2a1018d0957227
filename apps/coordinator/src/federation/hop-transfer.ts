import { HopTransferReport, validateMessage } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';

/** The protocol version from which a node sends its hop to the next partner itself, as the coordinator authorises. */
export const DIRECT_TRANSFER_VERSION = 4;

/** What a node announced (ProtocolVersions.announced): a version, `unannounced`, or null when it did not answer. */
export type Announced = number | 'unannounced' | null;

/**
 * How a hop's chunks travel: from partner to partner when both its sender and its recipient speak version 4 or
 * later, relayed through the coordinator otherwise, so a federation upgraded node by node still runs combinations.
 */
export function hopPath(sender: Announced, recipient: Announced): 'direct' | 'relay' {
  const speaks = (v: Announced) => typeof v === 'number' && v >= DIRECT_TRANSFER_VERSION;
  return speaks(sender) && speaks(recipient) ? 'direct' : 'relay';
}

/** The sender's account of a hop it sent (counts, bytes, seconds), checked against the hop's header: for the log. */
export function transferReport(from: string, value: unknown, chunks: number): HopTransferReport {
  let report: HopTransferReport;
  try {
    report = validateMessage(HopTransferReport, value);
  } catch (error) {
    throw new Refusal(`combination stopped: ${from}'s report of its hop is refused: ${(error as Error).message}`);
  }
  if (report.chunks !== chunks)
    throw new Refusal(`combination stopped: ${from} reports ${report.chunks} chunks sent; its hop announces ${chunks}`);
  return report;
}
