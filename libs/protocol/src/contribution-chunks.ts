import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsInt, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { CoordinatorSignedDto } from './coordinator-message';
import { SignedContributionDto } from './messages.dto';
import { QUERY_ID } from './wire-patterns';

/**
 * Room left in a NATS message for what is not contributions: the query envelope or chunk header, the coordinator's
 * nonce, time, signature and log head, Nest's packet around it. All of it is a few kilobytes.
 */
export const MESSAGE_HEADROOM_BYTES = 16 * 1024;
/** More chunks than this for one key holder is no federation's: a node refuses the chunk rather than keep it. */
export const MAX_CONTRIBUTION_CHUNKS = 10_000;

/** One chunk of the signed contributions a key holder recomputes the aggregate from, ahead of the partial decryption request. */
export class ContributionChunkMessage extends CoordinatorSignedDto {
  @IsString() @Matches(QUERY_ID) queryId: string;
  @IsString() @Matches(/^[0-9a-f]{32}$/) batch: string;
  @IsInt() @Min(0) @Max(MAX_CONTRIBUTION_CHUNKS - 1) index: number;
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => SignedContributionDto)
  contributions: SignedContributionDto[];
}

const sizeOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/**
 * The contributions as they go to each key holder: null when they fit in the partial decryption request itself
 * (with the aggregate and envelope, under nats-server's max_payload), else in order, in chunks of at most
 * max_payload minus the headroom each; a contribution too large for any message is an error. The node's contributions are the same whether chunked or not; only the
 * number of messages grows with the federation (≈ 1 KB per ciphertext in hex: 27 MB at 200 partners × 137).
 */
export function contributionChunks<C>(contributions: C[], rest: object, maxPayload: number): C[][] | null {
  const budget = maxPayload - MESSAGE_HEADROOM_BYTES;
  if (budget <= 0) throw new Error(`nats-server's max_payload of ${maxPayload} bytes leaves no room for contributions`);
  const sizes = contributions.map(sizeOf);
  const total = sizes.reduce((sum, size) => sum + size + 1, sizeOf(rest));
  if (total <= budget) return null;
  const chunks: C[][] = [];
  let room = 0;
  contributions.forEach((contribution, i) => {
    if (sizes[i] > budget)
      throw new Error(
        `a contribution of ${sizes[i]} bytes does not fit in one NATS message (nats-server's max_payload is ${maxPayload} bytes)`,
      );
    if (chunks.length === 0 || sizes[i] + 1 > room) {
      chunks.push([]);
      room = budget;
    }
    chunks[chunks.length - 1].push(contribution);
    room -= sizes[i] + 1;
  });
  return chunks;
}
