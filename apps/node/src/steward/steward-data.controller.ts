import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  PayloadTooLargeException,
  Post,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { Allow } from '@bfa/access';
import { PolicySet } from '@bfa/policy';
import {
  DatasetProfile,
  holderProblem,
  importData,
  ImportMapping,
  ImportMappingError,
  ImportReport,
  loadImportMapping,
  parseImportMapping,
  profileHeldData,
} from '@bfa/records';
import { DataEditionsLog } from '../audit/data-editions-log';
import { RECORDS } from '../execution/records';
import { NODE_CONFIG, NodeConfig } from '../node.config';
import { POLICIES } from '../node.providers';
import { StewardImportDto } from './steward-data.dto';

/**
 * The steward's door to the node's own data: the same import as `bfa data import` (one function, two doors)
 * and the profile of what the node holds. Over HTTP to this organisation's steward only, never over NATS.
 */
@Controller('steward/data')
@Allow('steward')
export class StewardDataController {
  constructor(
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    @Inject(POLICIES) private readonly policies: PolicySet,
    @InjectDataSource(RECORDS) private readonly records: DataSource,
    private readonly editions: DataEditionsLog,
  ) {}

  /** Answers with the validation report whatever the outcome: `refused` wrote nothing. */
  @Post('import')
  @HttpCode(200)
  async import(@Body() dto: StewardImportDto): Promise<ImportReport> {
    const content = Buffer.from(dto.content, 'base64');
    if (content.length > this.config.importMaxBytes)
      throw new PayloadTooLargeException(
        `the file is ${content.length} bytes; this node imports files up to ${this.config.importMaxBytes} bytes (BFA_IMPORT_MAX_BYTES): load a larger export with bfa data import on the node's machine`,
      );
    if (content.length === 0) throw new BadRequestException('the file is empty');
    const mapping = this.mapping(dto);
    const report = await importData({
      dataDir: this.config.dataDir,
      catalog: this.policies.catalog,
      policiesDir: resolve(this.config.policiesDir),
      dataset: dto.dataset,
      mapping,
      file: dto.fileName,
      content,
      acceptPartial: dto.acceptPartial,
      replaceYear: dto.replaceYear,
      checkOnly: dto.checkOnly,
      lockWaitMs: this.config.dataLockWaitMs,
    });
    // The new edition goes into the node's signed log now, as data.imported, not only before the next query.
    await this.editions.logNewEditions();
    return report;
  }

  @Get('profile')
  profile(): Promise<DatasetProfile[]> {
    return profileHeldData(this.records, this.policies.catalog, this.config.org);
  }

  private mapping(dto: StewardImportDto): ImportMapping {
    const notHolder = holderProblem(this.policies.catalog, this.config.org, dto.dataset);
    if (notHolder) throw new BadRequestException(notHolder);
    try {
      if (dto.mappingText !== undefined) return parseImportMapping(dto.mappingText, this.policies.catalog, dto.dataset);
      const file = ['yaml', 'yml', 'json']
        .map((ext) => join(this.config.mappingsDir, `${dto.mapping}.${ext}`))
        .find((f) => existsSync(f));
      if (!file) throw new BadRequestException(`no mapping ${dto.mapping} in this node's mapping folder`);
      return loadImportMapping(file, this.policies.catalog, dto.dataset);
    } catch (error) {
      if (error instanceof ImportMappingError)
        throw new BadRequestException(error.problems.map((p) => `mapping: ${p}`));
      throw error;
    }
  }
}
