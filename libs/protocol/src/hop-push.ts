import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsNumber, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { canonicalJson, sha256Hex, signMessage, verifySignature } from '@bfa/crypto';
import { MAX_CHUNKS, MAX_HOPS } from './combination-messages.dto';
import { coordinatorMessageProblem, CoordinatorSignedDto } from './coordinator-message';
import { SealedChunkHeaderDto } from './hop-chunk-frame.dto';
import { subjects } from './subjects';
import { BASE64, ORG_ID, QUERY_ID } from './wire-patterns';

const DOMAIN = 'bfa/combination/pushed-chunk/v1';

/**
 * The coordinator's one request to a hop's sender (protocol version 4): send step `step` of query `queryId` to `to`.
 * Signed by the coordinator for the sender's subject, it is also the authorisation every pushed chunk carries.
 */
export class HopSendRequest extends CoordinatorSignedDto {
  @IsString() @Matches(QUERY_ID) queryId: string;
  @IsInt() @Min(0) @Max(MAX_HOPS) step: number;
  @IsString() @Matches(ORG_ID) to: string;
}

/** One chunk its sender pushes to the recipient, in a binary frame beside its bytes; signed by the sender's node key. */
export class PushedHopChunk {
  @IsString() @Matches(QUERY_ID) queryId: string;
  @IsInt() @Min(0) @Max(MAX_HOPS) step: number;
  @IsString() @Matches(ORG_ID) from: string;
  @IsString() @Matches(ORG_ID) to: string;
  @IsInt() @Min(0) @Max(MAX_CHUNKS - 1) index: number;
  @IsInt() @Min(1) @Max(MAX_CHUNKS) chunks: number;
  @IsDefined() @ValidateNested() @Type(() => SealedChunkHeaderDto) chunk: SealedChunkHeaderDto;
  @IsDefined() @ValidateNested() @Type(() => HopSendRequest) authorisation: HopSendRequest;
  @IsString() @Matches(BASE64) signature: string;
}

/** What the sender tells the coordinator once every chunk was acknowledged: for the log, never a chunk's content. */
export class HopTransferReport {
  @IsInt() @Min(1) @Max(MAX_CHUNKS) chunks: number;
  @IsInt() @Min(0) bytes: number;
  @IsNumber() @Min(0) seconds: number;
}

export type UnsignedPushedChunk = Omit<PushedHopChunk, 'signature'>;

/** Over the SHA-256 of the canonical JSON: the header with the bytes' length and digest, the route and the authorisation. */
function pushedChunkText(chunk: UnsignedPushedChunk): string {
  const { queryId, step, from, to, index, chunks, chunk: header, authorisation } = chunk;
  return `${DOMAIN}\n${sha256Hex(canonicalJson({ queryId, step, from, to, index, chunks, header, authorisation }))}`;
}

export function signPushedChunk(chunk: UnsignedPushedChunk, nodeSecretKey: string): PushedHopChunk {
  return { ...chunk, signature: signMessage(pushedChunkText(chunk), nodeSecretKey) };
}

export interface PushedChunkKeys {
  /** The node the chunk was pushed to. */
  recipient: string;
  coordinatorPublicKey: string;
  /** The registry's node key of the org the chunk names as its sender; undefined for an org not in it. */
  senderPublicKey: string | undefined;
  freshnessMs: number;
  now?: number;
}

/**
 * Why a pushed chunk can't be taken (null when it can): the coordinator signed, recently, a request to its sender to
 * send exactly this query's step to this recipient, and the sender's node signed the chunk's header and route.
 * That the step is one of the chain's, each position once and the bytes are those named, the caller checks.
 */
export function pushedChunkProblem(chunk: PushedHopChunk, keys: PushedChunkKeys): string | null {
  const { queryId, step, from, to, authorisation } = chunk;
  if (to !== keys.recipient) return `the chunk is addressed to ${to}, not to ${keys.recipient}`;
  const problem = coordinatorMessageProblem(
    subjects.hopSend(from),
    authorisation,
    keys.coordinatorPublicKey,
    keys.freshnessMs,
    keys.now,
  );
  if (problem) return `the coordinator's authorisation for ${from} is refused: ${problem}`;
  if (authorisation.queryId !== queryId || authorisation.step !== step || authorisation.to !== to)
    return `the coordinator authorised ${from} to send step ${authorisation.step} of query ${authorisation.queryId} to ${authorisation.to}, not step ${step} of query ${queryId} to ${to}`;
  if (!keys.senderPublicKey) return `${from} is not a partner in the registry`;
  if (!verifySignature(pushedChunkText(chunk), chunk.signature, keys.senderPublicKey))
    return `${from}'s node signature on chunk ${chunk.index} of step ${step} does not verify`;
  return null;
}
