import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  ForbiddenException,
  Get,
  Inject,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { Allow, CurrentPrincipal, Principal } from '@bfa/access';
import { PolicySet } from '@bfa/policy';
import { Refusal } from '@bfa/runtime';
import { NODE_ORG } from '../node.config';
import { POLICIES } from '../node.providers';
import { QueryReview } from '@bfa/protocol';
import { reviewOf } from './query-review';
import { ProposalState } from '../proposals/proposal.entity';
import { Proposal, ProposalStore } from '../proposals/proposal-store.service';
import { StewardDecisionDto } from './steward.dto';
import { StewardService } from './steward.service';

const STATES: ProposalState[] = ['pending', 'approved', 'rejected', 'executed'];

/** The steward's inbox: what this organisation is asked to take part in, and the decision on each. */
@Controller('steward/queries')
@Allow('steward')
export class StewardController {
  constructor(
    private readonly store: ProposalStore,
    private readonly steward: StewardService,
    @Inject(POLICIES) private readonly policies: PolicySet,
  ) {}

  @Get()
  list(@Query('state') state?: string): Promise<Proposal[]> {
    if (state !== undefined && !STATES.includes(state as ProposalState)) {
      throw new BadRequestException(`state must be one of ${STATES.join(', ')}`);
    }
    return this.store.list(state as ProposalState | undefined);
  }

  /** One query with its review: dataset, fields, grid, purpose, requester, policy evaluation, earlier releases on the same data. */
  @Get(':id')
  async show(@Param('id', ParseUUIDPipe) id: string): Promise<Proposal & { review: QueryReview }> {
    const proposal = await this.find(id);
    return {
      ...proposal,
      review: reviewOf(proposal, this.policies.catalog, await this.store.list('executed'), this.ownPolicies()),
    };
  }

  /** The platform's legal bases and this node's own policy (its DPIAs and review dates). */
  private ownPolicies() {
    return { platform: this.policies.platform, own: this.policies.organisations[NODE_ORG] };
  }

  private async find(id: string): Promise<Proposal> {
    const proposal = await this.store.find(id);
    if (!proposal) throw new NotFoundException(`no query ${id} in this inbox`);
    return proposal;
  }

  @Post(':id/decision')
  async decide(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: StewardDecisionDto,
    @CurrentPrincipal() steward: Principal,
  ) {
    const proposal = await this.find(id);
    const repeated = this.steward.repeated(proposal, dto);
    if (repeated) return repeated;
    if (proposal.state !== 'pending') throw new ConflictException(`query ${id} is ${proposal.state}, not pending`);
    try {
      return await this.steward.decide(proposal, dto, steward.id);
    } catch (error) {
      if (error instanceof Refusal) throw new ForbiddenException(error.message);
      throw error;
    }
  }
}
