import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditWriter } from './audit-entry';
import { AuditEntryRecord } from './audit-entry.record';
import { AUDIT_WRITER, AuditLog } from './audit-log.service';

/** The host app lists AUDIT_ENTITIES in its TypeOrmModule.forRoot entities and names the log's writer. */
@Module({})
export class AuditModule {
  static forWriter(writer: AuditWriter): DynamicModule {
    return {
      module: AuditModule,
      imports: [TypeOrmModule.forFeature([AuditEntryRecord])],
      providers: [{ provide: AUDIT_WRITER, useValue: writer }, AuditLog],
      exports: [AuditLog],
    };
  }
}
