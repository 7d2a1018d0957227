import { Type } from 'class-transformer';
import { IsDefined, ValidateNested } from 'class-validator';
import { openSealed, seal, SealedBox } from '@bfa/crypto';
import { SealedBoxDto } from './combination-messages.dto';
import { validateMessage } from './validate-message';

/**
 * The query, key and node a sealed reply was made for. It travels inside the box and the coordinator checks it,
 * so a sealed partial decryption can't be replayed into another query or passed off as another holder's.
 */
export interface ReplyBinding {
  queryId: string;
  keyId: string;
  org: string;
}

/**
 * A node's answer that only the combiner may read, sealed to the coordinator's X25519 key
 * (`registry.coordinator.boxPublicKey`): a key holder's partial decryptions and proofs, a combination's manifest
 * with its per-cell counts. Whoever else reads the reply on NATS (a second connection on the coordinator's account,
 * the broker) sees a ciphertext.
 */
export interface SealedReply {
  sealed: SealedBox;
}

export class SealedReplyDto {
  @IsDefined() @ValidateNested() @Type(() => SealedBoxDto) sealed: SealedBoxDto;
}

export function sealForCoordinator(binding: ReplyBinding, content: object, coordinatorBoxKey: string): SealedReply {
  const { queryId, keyId, org } = binding;
  return { sealed: seal(JSON.stringify({ queryId, keyId, org, content }), coordinatorBoxKey) };
}

/** What a node sealed to the coordinator, or an error saying why it does not open or is not bound to `expected`. */
export function openSealedReply(reply: unknown, boxSecretKey: string, expected: ReplyBinding): unknown {
  const { sealed } = validateMessage(SealedReplyDto, reply);
  let opened: Record<string, unknown>;
  try {
    opened = JSON.parse(openSealed(sealed, boxSecretKey));
  } catch (error) {
    throw new Error(`it does not open: ${(error as Error).message}`);
  }
  if (opened === null || typeof opened !== 'object') throw new Error('it holds nothing');
  for (const field of ['queryId', 'keyId', 'org'] as const) {
    if (opened[field] !== expected[field])
      throw new Error(`it was sealed for ${field} ${JSON.stringify(opened[field])}, not ${expected[field]}`);
  }
  return opened.content;
}
