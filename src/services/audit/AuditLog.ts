export interface AuditEntry {
  at: Date;
  /** Who: a link worker id, "system", "patient:<personId>" or "cli:<operating system user>" (the signpost command). */
  actor: string;
  /** What: e.g. "view-handoff", "claim", "export-fhir", "erase-person". */
  action: string;
  recordType: string;
  recordId: string;
}

/** Append-only. Entries hold ids, never personal data. */
export interface AuditLog {
  append(entry: Omit<AuditEntry, 'at'> & { at?: Date }): Promise<void>;
  listByRecord(recordType: string, recordId: string): Promise<AuditEntry[]>;
}
