/** The audit log in the embedded store: one row per entry, appended, queried by record, oldest first. */
import type { AuditEntry, AuditLog } from '../../services/audit/AuditLog';
import { validateAuditEntry } from '../shared/validation';
import { newAuditDocument } from '../shared/documents';
import type { Database } from './database';

interface Row {
  at: number;
  actor: string;
  action: string;
  record_type: string;
  record_id: string;
}

export class EmbeddedAuditLog implements AuditLog {
  private readonly insert;
  private readonly byRecord;

  constructor(private readonly database: Database) {
    this.insert = database.db.prepare<[number, number, string, string, string, string]>('INSERT INTO audit (at, seq, actor, action, record_type, record_id) VALUES (?, ?, ?, ?, ?, ?)');
    this.byRecord = database.db.prepare<[string, string], Row>('SELECT at, actor, action, record_type, record_id FROM audit WHERE record_type = ? AND record_id = ? ORDER BY at, seq, id');
  }

  async append(entry: Omit<AuditEntry, 'at'> & { at?: Date }): Promise<void> {
    validateAuditEntry(entry);
    this.database.check();
    const doc = newAuditDocument(entry);
    this.insert.run(doc.at.getTime(), doc.seq, doc.actor, doc.action, doc.recordType, doc.recordId);
  }

  async listByRecord(recordType: string, recordId: string): Promise<AuditEntry[]> {
    this.database.check();
    return this.byRecord.all(recordType, recordId).map((row) => ({ at: new Date(row.at), actor: row.actor, action: row.action, recordType: row.record_type, recordId: row.record_id }));
  }
}
