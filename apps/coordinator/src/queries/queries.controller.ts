import {
  Body,
  ConflictException,
  Controller,
  ForbiddenException,
  Get,
  GoneException,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import { Allow, CurrentPrincipal, Principal } from '@bfa/access';
import { QuerySpecDto, queryHash } from '@bfa/protocol';
import { QueryProgress, QueryProgressBoard } from '../federation/query-progress.service';
import { QueryRegistry, QuerySummary, QueryView } from './query-registry.service';
import { QuerySubmission } from './query-submission.service';
import { ReleasedTable } from './released-table';

/** The analysts' API: submit a query, follow its state, fetch its released table. Analysts see their own queries only. */
@Controller('queries')
export class QueriesController {
  constructor(
    private readonly submission: QuerySubmission,
    private readonly registry: QueryRegistry,
    private readonly progress: QueryProgressBoard,
  ) {}

  @Post()
  @HttpCode(201)
  @Allow('analyst')
  async submit(@Body() spec: QuerySpecDto, @CurrentPrincipal() analyst: Principal) {
    const envelope = await this.submission.submit(spec, analyst.id);
    return {
      id: envelope.id,
      queryHash: queryHash(envelope),
      state: 'proposed',
      approvers: [...new Set([...envelope.dataHolders, ...envelope.keyHolders])].sort(),
    };
  }

  @Get()
  @Allow('analyst', 'ethics-board')
  list(@CurrentPrincipal() principal: Principal): Promise<QuerySummary[]> {
    return this.registry.list(principal.role === 'analyst' ? principal.id : undefined);
  }

  @Get(':id')
  @Allow('analyst', 'ethics-board')
  async show(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<QueryView & { progress: QueryProgress | null }> {
    const view = await this.registry.view(id);
    if (!view) throw new NotFoundException(`no query ${id}`);
    if (principal.role === 'analyst' && view.envelope.requester !== principal.id)
      throw new ForbiddenException(`query ${id} is not ${principal.id}'s`);
    return { ...view, progress: this.progress.of(id) };
  }

  @Get(':id/release')
  @Allow('analyst', 'ethics-board')
  async release(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReleasedTable> {
    const view = await this.show(id, principal);
    const table = await this.registry.release(id);
    if (!table && view.state === 'removed') throw new GoneException(`query ${id}: ${view.reason}`);
    if (!table) throw new ConflictException(`query ${id} is ${view.state}; nothing released`);
    return table;
  }
}
