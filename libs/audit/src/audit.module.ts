import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditWriter } from './audit-entry';
import { AuditEntryRecord, HeldHeadRecord } from './audit-entry.record';
import { AUDIT_HEAD_KEYS, AuditHeads } from './audit-heads.service';
import { HeadKeys } from './signed-head';
import { AUDIT_WRITER, AuditLog } from './audit-log.service';

/** The host app lists AUDIT_ENTITIES in its TypeOrmModule.forRoot entities, names the log's writer and how to find the other writers' keys. */
@Module({})
export class AuditModule {
  static forWriter(writer: AuditWriter, headKeys: HeadKeys = () => undefined): DynamicModule {
    return {
      module: AuditModule,
      imports: [TypeOrmModule.forFeature([AuditEntryRecord, HeldHeadRecord])],
      providers: [
        { provide: AUDIT_WRITER, useValue: writer },
        { provide: AUDIT_HEAD_KEYS, useValue: headKeys },
        AuditLog,
        AuditHeads,
      ],
      exports: [AuditLog, AuditHeads],
    };
  }
}
