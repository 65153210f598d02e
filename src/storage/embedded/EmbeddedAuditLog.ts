/** The audit log in the embedded store: append-only, queried by record, oldest first. */
import type Datastore from '@seald-io/nedb';
import type { AuditEntry, AuditLog } from '../../services/audit/AuditLog';
import { nextSeq } from '../shared/sequence';
import { validateAuditEntry } from '../shared/validation';

export type AuditDoc = AuditEntry & { seq: number } & Record<string, unknown>;

export class EmbeddedAuditLog implements AuditLog {
  constructor(private readonly db: Datastore<AuditDoc>) {}

  async append(entry: Omit<AuditEntry, 'at'> & { at?: Date }): Promise<void> {
    validateAuditEntry(entry);
    const at = entry.at ?? new Date();
    await this.db.insertAsync({ actor: entry.actor, action: entry.action, recordType: entry.recordType, recordId: entry.recordId, at, seq: nextSeq(at) });
  }

  async listByRecord(recordType: string, recordId: string): Promise<AuditEntry[]> {
    const docs = await this.db.findAsync({ recordType, recordId }).sort({ at: 1, seq: 1 });
    return docs.map(({ actor, action, recordType: type, recordId: id, at }) => ({ at, actor, action, recordType: type, recordId: id }));
  }
}
