/** The audit log in the embedded store: append-only, queried by record, oldest first. */
import type Datastore from '@seald-io/nedb';
import type { AuditEntry, AuditLog } from '../../services/audit/AuditLog';
import { validateAuditEntry } from '../shared/validation';
import { AUDIT_SORT, auditFromDocument, newAuditDocument, type AuditDocument } from '../shared/documents';

export type AuditDoc = AuditDocument & Record<string, unknown>;

export class EmbeddedAuditLog implements AuditLog {
  constructor(private readonly db: Datastore<AuditDoc>) {}

  async append(entry: Omit<AuditEntry, 'at'> & { at?: Date }): Promise<void> {
    validateAuditEntry(entry);
    await this.db.insertAsync(newAuditDocument(entry) as AuditDoc);
  }

  async listByRecord(recordType: string, recordId: string): Promise<AuditEntry[]> {
    const docs = await this.db.findAsync({ recordType, recordId }).sort(AUDIT_SORT);
    return docs.map(auditFromDocument);
  }
}
