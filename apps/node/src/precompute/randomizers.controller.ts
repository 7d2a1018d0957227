import { Controller, Get } from '@nestjs/common';
import { Public } from '@bfa/access';
import { RandomizerSupply, RandomizerSupplyStatus } from './randomizer-supply';

/** How far the precomputation has run ahead: counts only, nothing about queries or data, so it needs no signature. */
@Controller('randomizers')
@Public()
export class RandomizersController {
  constructor(private readonly supply: RandomizerSupply) {}

  @Get()
  status(): RandomizerSupplyStatus {
    return this.supply.status();
  }
}
