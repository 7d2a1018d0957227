import { IsIn, IsISO8601, IsString, Matches, MaxLength, ValidateIf, MinLength } from 'class-validator';
import { DECISIONS, Decision, IsPlainText } from '@bfa/protocol';

/** The steward's decision, signed on the steward's own device over the statement the node rebuilds from it. */
export class StewardDecisionDto {
  @IsIn(DECISIONS) decision: Decision;

  @ValidateIf((dto: StewardDecisionDto) => dto.decision === 'reject')
  @IsString()
  @MinLength(3, { message: 'a rejection needs a reason' })
  @MaxLength(2000)
  @IsPlainText()
  reason: string;

  @IsISO8601() decidedAt: string;

  @IsString() @Matches(/^[A-Za-z0-9+/]+={0,2}$/) signature: string;
}
