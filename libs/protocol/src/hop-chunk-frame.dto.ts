import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { SealedBox } from '@bfa/crypto';
import { HopChunkRequest } from './combination-messages.dto';
import { MAX_FRAMED_BOX_BYTES } from './hop-chunk-frame';
import { BASE64, HEX_HASH } from './wire-patterns';

/** A sealed chunk's header in a frame: the box's fields but the box, and the length and SHA-256 of the bytes beside it. */
export class SealedChunkHeaderDto {
  @IsIn(['nacl-box/x25519-xsalsa20-poly1305', 'x25519-chacha20-poly1305']) scheme: SealedBox['scheme'];
  @IsString() @Matches(BASE64) recipientPublicKey: string;
  @IsString() @Matches(BASE64) ephemeralPublicKey: string;
  @IsString() @Matches(BASE64) nonce: string;
  @IsInt() @Min(1) @Max(MAX_FRAMED_BOX_BYTES) boxBytes: number;
  @IsString() @Matches(HEX_HASH) boxDigest: string;
}

/** A chunk delivered in a frame: the coordinator signs this header, whose digest binds the bytes. */
export class FramedHopChunkDelivery extends HopChunkRequest {
  @IsDefined() @ValidateNested() @Type(() => SealedChunkHeaderDto) chunk: SealedChunkHeaderDto;
}

/** A fetched chunk's answer in a frame. */
export class FramedChunkReply {
  @IsDefined() @ValidateNested() @Type(() => SealedChunkHeaderDto) chunk: SealedChunkHeaderDto;
}
