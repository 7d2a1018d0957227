import { Body, ConflictException, Controller, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { QuerySpecDto, queryHash } from '@bfa/protocol';
import { Analyst } from './analyst.decorator';
import { QueryRegistry, QueryView } from './query-registry.service';
import { QuerySubmission } from './query-submission.service';
import { ReleasedTable } from './released-table';

/** The analysts' API: submit a query, follow its state, fetch its released table. */
@Controller('queries')
export class QueriesController {
  constructor(
    private readonly submission: QuerySubmission,
    private readonly registry: QueryRegistry,
  ) {}

  @Post()
  @HttpCode(201)
  async submit(@Body() spec: QuerySpecDto, @Analyst() analyst: string) {
    const envelope = await this.submission.submit(spec, analyst);
    return { id: envelope.id, queryHash: queryHash(envelope), state: 'proposed', approvers: [...new Set([...envelope.dataHolders, ...envelope.keyHolders])].sort() };
  }

  @Get(':id')
  async show(@Param('id', ParseUUIDPipe) id: string): Promise<QueryView> {
    const view = await this.registry.view(id);
    if (!view) throw new NotFoundException(`no query ${id}`);
    return view;
  }

  @Get(':id/release')
  async release(@Param('id', ParseUUIDPipe) id: string): Promise<ReleasedTable> {
    const view = await this.show(id);
    const table = await this.registry.release(id);
    if (!table) throw new ConflictException(`query ${id} is ${view.state}; nothing released`);
    return table;
  }
}
