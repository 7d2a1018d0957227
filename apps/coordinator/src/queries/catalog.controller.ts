import { Controller, Get, Inject } from '@nestjs/common';
import { Allow, CurrentPrincipal, Principal } from '@bfa/access';
import { PolicySet } from '@bfa/policy';
import { POLICIES } from '../coordinator.providers';
import { PublishedCatalog, publishedCatalog } from './published-catalog';

/** What an analyst may ask, in the catalog's own words, for the console's query builder; and which role asks. */
@Controller('catalog')
export class CatalogController {
  private readonly published: PublishedCatalog;

  constructor(@Inject(POLICIES) policies: PolicySet) {
    this.published = publishedCatalog(policies);
  }

  @Get()
  @Allow('analyst', 'ethics-board')
  show(@CurrentPrincipal() principal: Principal): PublishedCatalog & { role: string } {
    return { ...this.published, role: principal.role };
  }
}
