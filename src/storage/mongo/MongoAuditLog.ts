/** The audit log in MongoDB: append-only, queried by record, oldest first. */
import type { Model } from 'mongoose';
import type { AuditEntry, AuditLog } from '../../services/audit/AuditLog';
import { AUDIT_SORT, auditFromDocument, newAuditDocument, type AuditDocument } from '../shared/documents';
import { validateAuditEntry } from '../shared/validation';

export class MongoAuditLog implements AuditLog {
  constructor(private readonly model: Model<AuditDocument>) {}

  async append(entry: Omit<AuditEntry, 'at'> & { at?: Date }): Promise<void> {
    validateAuditEntry(entry);
    await this.model.create(newAuditDocument(entry));
  }

  async listByRecord(recordType: string, recordId: string): Promise<AuditEntry[]> {
    const docs = await this.model.find({ recordType, recordId }).sort(AUDIT_SORT).lean<AuditDocument[]>();
    return docs.map(auditFromDocument);
  }
}
