import { Type } from 'class-transformer';
import { IsDefined, ValidateNested } from 'class-validator';
import { openSealed, seal, SealedBox } from '@bfa/crypto';
import { SealedBoxDto } from './combination-messages.dto';
import { validateMessage } from './validate-message';

/**
 * The query, key and key holder a partial decryption was made for. It travels inside the sealed box and the
 * coordinator checks it, so a sealed partial can't be replayed into another query or passed off as another holder's.
 */
export interface PartialBinding {
  queryId: string;
  keyId: string;
  org: string;
}

/**
 * A key holder's answer to a decryption request: its partials and proofs sealed to the coordinator's X25519 key
 * (`registry.coordinator.boxPublicKey`). Only the combiner opens it; whoever else reads the reply on NATS
 * (a second connection on the coordinator's account, the broker) sees a ciphertext.
 */
export interface SealedPartial {
  sealed: SealedBox;
}

export class SealedPartialDto {
  @IsDefined() @ValidateNested() @Type(() => SealedBoxDto) sealed: SealedBoxDto;
}

export function sealPartial(binding: PartialBinding, partial: object, coordinatorBoxKey: string): SealedPartial {
  const { queryId, keyId, org } = binding;
  return { sealed: seal(JSON.stringify({ queryId, keyId, org, partial }), coordinatorBoxKey) };
}

/** The partial inside a key holder's sealed reply, or an error saying why it does not open or is not for `expected`. */
export function openPartial(reply: unknown, boxSecretKey: string, expected: PartialBinding): unknown {
  const { sealed } = validateMessage(SealedPartialDto, reply);
  let opened: Record<string, unknown>;
  try {
    opened = JSON.parse(openSealed(sealed, boxSecretKey));
  } catch (error) {
    throw new Error(`it does not open: ${(error as Error).message}`);
  }
  if (opened === null || typeof opened !== 'object') throw new Error('it holds no partial decryption');
  for (const field of ['queryId', 'keyId', 'org'] as const) {
    if (opened[field] !== expected[field]) throw new Error(`it was sealed for ${field} ${JSON.stringify(opened[field])}, not ${expected[field]}`);
  }
  return opened.partial;
}
