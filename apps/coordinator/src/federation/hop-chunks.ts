import { FramedChunk, FramedChunkReply, validateMessage } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';

/**
 * A chunk as its sender answered a fetch: a frame whose header is a sealed box's without the box, and bytes of exactly
 * the length and SHA-256 it names. Checked here as the recipient checks it again: the coordinator signs that header.
 */
export function fetchedChunk(org: string, index: number, value: unknown, bytes: Buffer | undefined): FramedChunk {
  try {
    if (!bytes) throw new Error('the answer carries no binary frame');
    const { chunk } = validateMessage(FramedChunkReply, value);
    return new FramedChunk(chunk, bytes).check();
  } catch (error) {
    throw new Refusal(`combination stopped: ${org}'s chunk ${index} is refused: ${(error as Error).message}`);
  }
}

/** What a node that still runs the relay of before binary frames answers: it can't read a frame, nor a fetch asking for one. */
const OLDER_RELAY = /property wire should not exist|not a JSON message/;

export const olderRelay = (org: string, reason: string): string =>
  OLDER_RELAY.test(reason)
    ? ` (${org} seems to run a node of before binary hop chunks (issue 16); upgrade it, every partner of a combination must)`
    : '';
