import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEntryRecord } from './audit-entry.record';
import { AuditLog } from './audit-log.service';

/** The host app lists AUDIT_ENTITIES in its TypeOrmModule.forRoot entities. */
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntryRecord])],
  providers: [AuditLog],
  exports: [AuditLog],
})
export class AuditModule {}
