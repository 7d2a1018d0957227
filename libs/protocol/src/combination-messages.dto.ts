import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PartialProof, SealedBox } from '@bfa/crypto';
import { CoordinatorSignedDto } from './coordinator-message';
import { ContributionEditionDto, ExecuteMessage, PartialProofDto, QueryEnvelopeDto } from './messages.dto';
import { BASE64, HEX, HEX_HASH, KEY_ID, MAX_CELLS, ORG_ID, QUERY_ID } from './wire-patterns';

/** 200 chunks of ≤ 4 MB: a hop of about a million children, far above a region's. */
export const MAX_CHUNKS = 200;
export const MAX_HOPS = 8;

/** A hop's signed statement of what it received and sent: counts, digests and the editions of the sender's data it read. */
export class HopReceiptDto {
  @IsString() @Matches(HEX_HASH) queryHash: string;
  @IsInt() @Min(0) @Max(MAX_HOPS) step: number;
  @IsString() @Matches(ORG_ID) from: string;
  @IsString() @Matches(ORG_ID) to: string;
  @IsInt() @Min(0) records: number;
  @ValidateIf((r: HopReceiptDto) => r.inputDigest !== null) @IsString() @Matches(HEX_HASH) inputDigest: string | null;
  @IsString() @Matches(HEX_HASH) outputDigest: string;
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ContributionEditionDto)
  editions: ContributionEditionDto[];
  @IsString() @Matches(BASE64) signature: string;
}

/** A sealed hop without its chunks: what the coordinator passes on, and then the chunks one by one. */
export class HopHeaderDto {
  @IsString() @Matches(QUERY_ID) queryId: string;
  @IsInt() @Min(0) @Max(MAX_HOPS) step: number;
  @IsString() @Matches(ORG_ID) from: string;
  @IsString() @Matches(ORG_ID) to: string;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_HOPS)
  @ValidateNested({ each: true })
  @Type(() => HopReceiptDto)
  receipts: HopReceiptDto[];
  @IsInt() @Min(1) @Max(MAX_CHUNKS) chunks: number;
}

export class SealedBoxDto {
  @IsIn(['nacl-box/x25519-xsalsa20-poly1305', 'x25519-chacha20-poly1305']) scheme: SealedBox['scheme'];
  @IsString() @Matches(BASE64) recipientPublicKey: string;
  @IsString() @Matches(BASE64) ephemeralPublicKey: string;
  @IsString() @Matches(BASE64) nonce: string;
  @IsString() @MaxLength(7_500_000) @Matches(BASE64) box: string;
}

/** Which chunk of which hop. */
export class HopChunkRequest extends CoordinatorSignedDto {
  @IsString() @Matches(QUERY_ID) queryId: string;
  @IsInt() @Min(0) @Max(MAX_HOPS) step: number;
  @IsInt() @Min(0) @Max(MAX_CHUNKS - 1) index: number;
  /** A fetch asking for the chunk in a binary frame (hop-chunk-frame.ts); a node of before issue 16 refuses it. */
  @IsOptional() @IsIn(['binary']) wire?: 'binary';
}

/** One sealed chunk on its way to the hop's recipient: only it can open it. */
export class HopChunkDelivery extends HopChunkRequest {
  @IsDefined() @ValidateNested() @Type(() => SealedBoxDto) chunk: SealedBoxDto;
}

/** A factor holder applies its factor (or the population holder finishes) once every chunk of the hop is delivered. */
export class CombinationHopMessage extends ExecuteMessage {
  @IsDefined() @ValidateNested() @Type(() => HopHeaderDto) hop: HopHeaderDto;
}

/** The population holder's signed request to decrypt (libs/combination CombinationManifest). */
export class CombinationManifestDto {
  @IsString() @Matches(HEX_HASH) queryHash: string;
  @IsString() @Matches(QUERY_ID) queryId: string;
  @IsString() @Matches(KEY_ID) keyId: string;
  @IsString() @Matches(ORG_ID) populationHolder: string;
  @IsInt() @Min(0) records: number;
  @IsArray() @ArrayMaxSize(MAX_CELLS) @IsInt({ each: true }) cellRecords: number[];
  @IsArray() @ArrayMaxSize(MAX_CELLS) @IsInt({ each: true }) withheld: number[];
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_CELLS) @Matches(HEX, { each: true }) aggregates: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_CELLS) @Matches(/^[0-9]*$/, { each: true }) revealOffsets?: string[];
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_HOPS)
  @ValidateNested({ each: true })
  @Type(() => HopReceiptDto)
  receipts: HopReceiptDto[];
  @IsString() @Matches(BASE64) signature: string;
}

export class CombinationDecryptionMessage extends CoordinatorSignedDto {
  @IsDefined() @ValidateNested() @Type(() => QueryEnvelopeDto) envelope: QueryEnvelopeDto;
  @IsDefined() @ValidateNested() @Type(() => CombinationManifestDto) manifest: CombinationManifestDto;
}

/** A key holder's partial decryption of a combination's aggregates, with its proof of correctness when the key has verification keys. */
export interface CombinationPartial {
  org: string;
  keyId: string;
  values: string[];
  proof?: PartialProof;
}

export class CombinationPartialDto {
  @IsString() @Matches(ORG_ID) org: string;
  @IsString() @Matches(KEY_ID) keyId: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_CELLS) @Matches(HEX, { each: true }) values: string[];
  @IsOptional() @ValidateNested() @Type(() => PartialProofDto) proof?: PartialProofDto;
}
