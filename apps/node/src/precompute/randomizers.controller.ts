import { Controller, Get } from '@nestjs/common';
import { Allow } from '@bfa/access';
import { RandomizerSupply, RandomizerSupplyStatus } from './randomizer-supply';

/**
 * How far the precomputation has run ahead. Counts only, but how far a query drains the pool is the size of
 * the population it covered, so only this node's stewards and the ethics board may ask (signed, like every route).
 */
@Controller('randomizers')
@Allow('steward', 'ethics-board')
export class RandomizersController {
  constructor(private readonly supply: RandomizerSupply) {}

  @Get()
  status(): RandomizerSupplyStatus {
    return this.supply.status();
  }
}
