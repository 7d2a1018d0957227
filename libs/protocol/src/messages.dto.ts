import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { DECISIONS, Decision } from './decision';
import { PartialProof } from '@bfa/crypto';
import { CoordinatorSignedDto } from './coordinator-message';
import { IsPlainText } from './plain-text';
import { QuerySpecDto } from './query-spec.dto';
import { BASE64, HEX, HEX_HASH, IDENTIFIER, KEY_ID, MAX_CELLS, ORG_ID, QUERY_ID } from './wire-patterns';

export class QueryEnvelopeDto {
  @IsString() @Matches(QUERY_ID) id: string;
  @IsDefined() @ValidateNested() @Type(() => QuerySpecDto) spec: QuerySpecDto;
  @IsString() @MaxLength(120) requester: string;
  @IsISO8601() submittedAt: string;
  @IsArray() @ArrayMinSize(1) @Matches(ORG_ID, { each: true }) dataHolders: string[];
  @IsArray() @ArrayMinSize(1) @Matches(ORG_ID, { each: true }) keyHolders: string[];
  @IsString() @Matches(KEY_ID) keyId: string;
  @IsInt() @Min(1) minCellSize: number;
  @IsOptional() @IsString() @Matches(/^ps-[0-9a-f]{16}$/) pseudonymSecretId?: string;
}

export class DecisionStatementDto {
  @IsString() @Matches(QUERY_ID) queryId: string;
  @IsString() @Matches(HEX_HASH) queryHash: string;
  @IsString() @Matches(ORG_ID) org: string;
  @IsIn(DECISIONS) decision: Decision;
  @IsString() @MaxLength(2000) @IsPlainText() reason: string;
  @IsISO8601() decidedAt: string;
}

export class SignedDecisionDto {
  @IsDefined() @ValidateNested() @Type(() => DecisionStatementDto) statement: DecisionStatementDto;
  @IsString() @Matches(BASE64) signature: string;
}

export class ProposalMessage extends CoordinatorSignedDto {
  @IsDefined() @ValidateNested() @Type(() => QueryEnvelopeDto) envelope: QueryEnvelopeDto;
}

/** Execution carries every steward's signed approval, so a node can see for itself that nobody rejected. */
export class ExecuteMessage extends CoordinatorSignedDto {
  @IsDefined() @ValidateNested() @Type(() => QueryEnvelopeDto) envelope: QueryEnvelopeDto;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => SignedDecisionDto)
  approvals: SignedDecisionDto[];
}

/** The edition of the node's own data a contribution was computed from (its `data_editions`, logged as `data.imported`). */
export class ContributionEditionDto {
  @IsString() @Matches(ORG_ID) org: string;
  @IsString() @Matches(IDENTIFIER) dataset: string;
  @IsString() @Matches(HEX_HASH) edition: string;
  @IsArray() @ArrayMaxSize(100) @IsInt({ each: true }) years: number[];
  @IsISO8601() importedAt: string;
}

export type ContributionEdition = ContributionEditionDto;

/** One node's encrypted cell vectors for one query; `magnitudes` only for sum queries; `editions` of the data they came from. */
export class ContributionDto {
  @IsString() @Matches(QUERY_ID) queryId: string;
  @IsString() @Matches(HEX_HASH) queryHash: string;
  @IsString() @Matches(ORG_ID) org: string;
  @IsString() @Matches(KEY_ID) keyId: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_CELLS) @Matches(HEX, { each: true }) contributors: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_CELLS) @Matches(HEX, { each: true }) magnitudes?: string[];
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ContributionEditionDto)
  editions: ContributionEditionDto[];
}

export class SignedContributionDto {
  @IsDefined() @ValidateNested() @Type(() => ContributionDto) contribution: ContributionDto;
  @IsString() @Matches(BASE64) signature: string;
}

/** The coordinator's cell-by-cell product of all contributions, which each key holder recomputes before decrypting. */
export class AggregateDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_CELLS) @Matches(HEX, { each: true }) contributors: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_CELLS) @Matches(HEX, { each: true }) magnitudes?: string[];
}

/** Contributions sent ahead in chunks (contribution-chunks.ts): the batch they came in and how many chunks it has. */
export class ContributionChunksDto {
  @IsString() @Matches(/^[0-9a-f]{32}$/) batch: string;
  @IsInt() @Min(1) count: number;
}

/** The signed contributions come in this message, or, when they would not fit in one NATS message, as chunks before it. */
export class PartialDecryptionMessage extends CoordinatorSignedDto {
  @IsDefined() @ValidateNested() @Type(() => QueryEnvelopeDto) envelope: QueryEnvelopeDto;
  @IsDefined() @ValidateNested() @Type(() => AggregateDto) aggregate: AggregateDto;
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => SignedContributionDto)
  contributions?: SignedContributionDto[];
  @IsOptional() @ValidateNested() @Type(() => ContributionChunksDto) contributionChunks?: ContributionChunksDto;
}

export class DecisionEvent {
  @IsDefined() @ValidateNested() @Type(() => SignedDecisionDto) decision: SignedDecisionDto;
}

/** Every request/reply over NATS answers with this shape, so a refusal always carries its reason. */
/** `unreachable`: the node never answered (offline, timed out), as opposed to answering with a refusal. */
export type Reply<T> = { ok: true; value: T } | { ok: false; reason: string; unreachable?: boolean };

export interface PartialDecryption {
  org: string;
  keyId: string;
  contributors: string[];
  magnitudes?: string[];
  /** One proof per vector that the partials used the holder's real share (absent for keys without verification keys). */
  proofs?: { contributors: PartialProof; magnitudes?: PartialProof };
}

export class PartialProofDto {
  @IsString() @Matches(HEX) e: string;
  @IsString() @Matches(HEX) z: string;
}

class PartialProofsDto {
  @IsDefined() @ValidateNested() @Type(() => PartialProofDto) contributors: PartialProofDto;
  @IsOptional() @ValidateNested() @Type(() => PartialProofDto) magnitudes?: PartialProofDto;
}

/** A key holder's reply to a decryption request, checked before its proof is. */
export class PartialDecryptionDto {
  @IsString() @Matches(ORG_ID) org: string;
  @IsString() @Matches(KEY_ID) keyId: string;
  @IsArray() @ArrayMaxSize(MAX_CELLS) @Matches(HEX, { each: true }) contributors: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_CELLS) @Matches(HEX, { each: true }) magnitudes?: string[];
  @IsOptional() @ValidateNested() @Type(() => PartialProofsDto) proofs?: PartialProofsDto;
}

export class ReplyDto {
  @IsDefined() ok: boolean;
  @IsOptional() @IsString() reason?: string;
  @IsOptional() @IsObject() value?: unknown;
}
