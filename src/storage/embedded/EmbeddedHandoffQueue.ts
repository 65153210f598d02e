/**
 * The link-worker queue in the embedded store. A handoff is a row of `handoffs` (its fields a JSON document, the queue's
 * sort keys generated columns in the `handoffs_queue` index); its transcript and notes are rows of `handoff_entries`,
 * one per message, appended: a message costs its own size, however long the conversation.
 *
 * Every change of status runs in one immediate transaction (BEGIN IMMEDIATE takes SQLite's write lock first), so a
 * claim reads the next waiting handoff and marks it active with no other process or request in between: two link
 * workers, in one server or in two, never get the same handoff. The UPDATE checks the status it read as well.
 */
import type { Statement } from 'better-sqlite3';
import type { Handoff, HandoffOutcome, HandoffStatus, NewHandoff, Note, Satisfaction, TextBack, TranscriptEntry } from '../../services/handoff/Handoff';
import { HandoffConflictError, type HandoffQueue, type QueueStats } from '../../services/handoff/HandoffQueue';
import { NotFoundError } from '../../services/referrals/ReferralRepository';
import { PRIORITY_RANK } from '../shared/handoffOrder';
import { handoffFromRecord, newHandoffRecord, type HandoffRecord } from '../shared/handoffRecords';
import { validateHandoffOutcome, validateNewHandoff, validateNote, validateSatisfaction, validateTextBack, validateTranscriptEntry } from '../shared/validation';
import { withoutUndefined } from '../shared/records';
import { preparedOnce, type Database } from './database';
import { fromJson, toJson } from './json';

type Stored = Omit<HandoffRecord, '_id' | 'transcript' | 'notes'>;
interface Row {
  id: string;
  doc: string;
}
interface EntryRow {
  handoff_id: string;
  kind: 'transcript' | 'note';
  entry: string;
}

const QUEUE_ORDER = 'ORDER BY priority_rank, created_at, seq, id';

/**
 * The open handoff whose person agreed to be texted from this (SMS) conversation. Asked on every turn that is not
 * handed off, so it uses an index of its own (migration 6: the expression, for handoffs with a text-back only);
 * without it every open handoff's document was read. test/storage/embedded.handoffIndexes.test.ts checks the plan.
 */
export const TEXT_BACK_LOOKUP = `WHERE json_extract(doc, '$.textBack.conversationId') = ? AND status IN ('waiting', 'active') ORDER BY created_at DESC LIMIT 1`;

/**
 * The conversation's open handoff, else the open handoff its texts belong to (TEXT_BACK_LOOKUP): one statement, as a
 * turn that is not handed off asks it every turn; each part through its own index, the conversation's preferred.
 */
export const OPEN_FOR_CONVERSATION = `SELECT id, doc FROM (
  SELECT * FROM (SELECT id, doc, 0 AS preference FROM handoffs WHERE conversation_id = ? AND status IN ('waiting', 'active') ORDER BY created_at DESC LIMIT 1)
  UNION ALL
  SELECT * FROM (SELECT id, doc, 1 AS preference FROM handoffs ${TEXT_BACK_LOOKUP})
) ORDER BY preference LIMIT 1`;

export class EmbeddedHandoffQueue implements HandoffQueue {
  private readonly byId;
  private readonly insertHandoff;
  private readonly insertEntry;
  private readonly replaceIfStatus;
  private readonly entriesOf;
  private readonly nextWaiting;
  private readonly change;
  private readonly readMany: (select: Statement<string[], Row>, params: string[]) => Handoff[];
  private readonly appendMessageAndFirstReply: (id: string, entry: TranscriptEntry) => void;

  constructor(private readonly database: Database) {
    const { db } = database;
    this.byId = db.prepare<[string], Row>('SELECT id, doc FROM handoffs WHERE id = ?');
    this.insertHandoff = db.prepare<[string, string]>('INSERT INTO handoffs (id, doc) VALUES (?, ?)');
    this.insertEntry = db.prepare<[string, string, number, number, string]>('INSERT INTO handoff_entries (handoff_id, kind, at, bytes, entry) VALUES (?, ?, ?, ?, ?)');
    this.replaceIfStatus = db.prepare<[string, string, string], { id: string }>('UPDATE handoffs SET doc = ? WHERE id = ? AND status = ? RETURNING id');
    // A worker's first message also stamps firstReplyAt (time to first reply), in the same transaction.
    const firstReply = db.prepare<[number, string]>(`UPDATE handoffs SET doc = json_set(doc, '$.firstReplyAt', json_object('$$date', ?)) WHERE id = ? AND json_extract(doc, '$.firstReplyAt') IS NULL`);
    this.appendMessageAndFirstReply = db.transaction((id: string, entry: TranscriptEntry) => {
      this.appendTo(id, 'transcript', entry);
      if (entry.from === 'worker') firstReply.run(entry.at.getTime(), id);
    });
    this.entriesOf = db.prepare<[string], EntryRow>('SELECT handoff_id, kind, entry FROM handoff_entries WHERE handoff_id = ? ORDER BY id');
    const entriesOfMany = db.prepare<[string], EntryRow>(`SELECT handoff_id, kind, entry FROM handoff_entries WHERE handoff_id IN (SELECT value FROM json_each(?)) ORDER BY id`);
    this.readMany = db.transaction((select: Statement<string[], Row>, params: string[]) => {
      const rows = select.all(...params);
      if (rows.length === 0) return [];
      const entries = new Map<string, EntryRow[]>();
      for (const entry of entriesOfMany.all(JSON.stringify(rows.map((r) => r.id)))) {
        const list = entries.get(entry.handoff_id);
        if (list) list.push(entry);
        else entries.set(entry.handoff_id, [entry]);
      }
      return rows.map((row) => fromParts(row.id, fromJson<Stored>(row.doc), entries.get(row.id) ?? []));
    });
    this.nextWaiting = db.prepare<[], Row>(`SELECT id, doc FROM handoffs WHERE status = 'waiting' ${QUEUE_ORDER} LIMIT 1`);
    /** Reads a handoff, decides its new fields (or refuses), writes them: one immediate transaction. */
    this.change = db.transaction((id: string | undefined, decide: (record: Stored) => Partial<Stored> | Handoff | null, unset: (keyof Stored)[] = []) => {
      const row = id === undefined ? this.nextWaiting.get() : this.byId.get(id);
      if (!row) {
        if (id === undefined) return null;
        throw new NotFoundError('Handoff', id);
      }
      const record = fromJson<Stored>(row.doc);
      const fields = decide(record);
      if (fields === null) return null;
      if ('id' in fields) return fields as Handoff;
      const next: Stored = withoutUndefined({ ...record, ...fields });
      for (const key of unset) delete next[key];
      if (!this.replaceIfStatus.get(toJson(next), row.id, record.status)) throw new HandoffConflictError(row.id);
      return this.withEntries(row.id, next);
    });
  }

  async enqueue(handoff: NewHandoff): Promise<Handoff> {
    validateNewHandoff(handoff);
    this.database.check();
    const { _id: id, transcript, notes: _notes, ...record } = newHandoffRecord(handoff, new Date());
    this.database.db.transaction(() => {
      this.insertHandoff.run(id, toJson(record));
      for (const entry of transcript) this.append(id, 'transcript', entry);
    })();
    return handoffFromRecord({ ...record, _id: id, transcript: withoutUndefined(transcript), notes: [] });
  }

  async claimNext(workerId: string): Promise<Handoff | null> {
    this.database.check();
    return this.change.immediate(undefined, (record) => claimFields(record, workerId));
  }

  async claim(id: string, workerId: string): Promise<Handoff> {
    this.database.check();
    return this.change.immediate(id, (record) => {
      if (record.status === 'active' && record.claimedBy === workerId) return this.withEntries(id, record);
      if (record.status !== 'waiting') throw new HandoffConflictError(id);
      return claimFields(record, workerId);
    }) as Handoff;
  }

  async appendMessage(id: string, entry: TranscriptEntry): Promise<void> {
    validateTranscriptEntry(entry);
    this.database.check();
    this.appendMessageAndFirstReply(id, entry);
  }

  async appendNote(id: string, note: Note): Promise<void> {
    validateNote(note);
    this.database.check();
    this.appendTo(id, 'note', note);
  }

  async escalate(id: string): Promise<Handoff> {
    this.database.check();
    return this.change.immediate(id, (record) => {
      if (record.status === 'closed') throw new HandoffConflictError(id);
      return { priority: 'urgent', priorityRank: PRIORITY_RANK.urgent };
    }) as Handoff;
  }

  async release(id: string): Promise<Handoff> {
    this.database.check();
    return this.change.immediate(id, (record) => {
      if (record.status === 'closed') throw new HandoffConflictError(id);
      return { status: 'waiting' };
    }, ['claimedBy', 'claimedAt']) as Handoff;
  }

  async setTextBack(id: string, textBack: TextBack): Promise<Handoff> {
    validateTextBack(textBack);
    this.database.check();
    return this.change.immediate(id, (record) => {
      if (record.status === 'closed') throw new HandoffConflictError(id);
      return { textBack };
    }) as Handoff;
  }

  async transfer(id: string, fromWorkerId: string, toWorkerId: string): Promise<Handoff> {
    this.database.check();
    return this.change.immediate(id, (record) => {
      if (record.status !== 'active' || record.claimedBy !== fromWorkerId) throw new HandoffConflictError(id);
      return { claimedBy: toWorkerId, claimedAt: new Date() };
    }) as Handoff;
  }

  async close(id: string, outcome: { type: HandoffOutcome; detail?: string }): Promise<Handoff> {
    validateHandoffOutcome(outcome);
    this.database.check();
    return this.change.immediate(id, (record) => {
      if (record.status === 'closed') throw new HandoffConflictError(id);
      return { status: 'closed', closedAt: new Date(), outcome: outcome.detail === undefined ? { type: outcome.type } : outcome };
    }) as Handoff;
  }

  async recordSatisfaction(id: string, satisfaction: Satisfaction): Promise<Handoff> {
    validateSatisfaction(satisfaction);
    this.database.check();
    return this.change.immediate(id, () => ({ satisfaction: withoutUndefined(satisfaction) })) as Handoff;
  }

  async get(id: string): Promise<Handoff | null> {
    this.database.check();
    const row = this.byId.get(id);
    return row ? this.withEntries(row.id, fromJson<Stored>(row.doc)) : null;
  }

  async list(status: HandoffStatus): Promise<Handoff[]> {
    return this.many(`WHERE status = ? ${QUEUE_ORDER}`, status);
  }

  async findOpenByConversation(conversationId: string): Promise<Handoff | null> {
    // Its own, or a web chat handoff whose person agreed to be texted: their texts belong to it.
    const [found] = this.read(OPEN_FOR_CONVERSATION, conversationId, conversationId);
    return found ?? null;
  }

  async stats(): Promise<QueueStats> {
    this.database.check();
    const { waiting, oldest } = this.database.db.prepare<[], { waiting: number; oldest: number | null }>(`SELECT count(*) AS waiting, min(created_at) AS oldest FROM handoffs WHERE status = 'waiting'`).get() as { waiting: number; oldest: number | null };
    return { waiting, oldestWaitMs: oldest === null ? null : Math.max(0, Date.now() - oldest) };
  }

  async exportByPerson(personId: string): Promise<Handoff[]> {
    return this.many('WHERE person_id = ? ORDER BY created_at, seq', personId);
  }

  async eraseByPerson(personId: string): Promise<number> {
    this.database.check();
    // Their transcripts and notes go with them (ON DELETE CASCADE).
    return this.database.db.prepare('DELETE FROM handoffs WHERE person_id = ?').run(personId).changes;
  }

  async purgeOlderThan(cutoff: Date): Promise<number> {
    this.database.check();
    return this.database.db.prepare(`DELETE FROM handoffs WHERE status = 'closed' AND closed_at < ?`).run(cutoff.getTime()).changes;
  }

  /** Handoffs matching a clause of `handoffs`, each with its transcript and notes. */
  private many(clause: string, param: string): Handoff[] {
    return this.read(`SELECT id, doc FROM handoffs ${clause}`, param);
  }

  /** The handoffs a query of `id, doc` finds, each with its transcript and notes (read in the same transaction). */
  private read(sql: string, ...params: string[]): Handoff[] {
    this.database.check();
    const select = preparedOnce<string[], Row>(this.database.db, sql);
    // Most calls find none (a turn asks whether its conversation is handed off): then no transaction is needed.
    if (select.get(...params) === undefined) return [];
    return this.readMany(select, params);
  }

  private withEntries(id: string, record: Stored): Handoff {
    return fromParts(id, record, this.entriesOf.all(id));
  }

  private appendTo(id: string, kind: 'transcript' | 'note', value: TranscriptEntry | Note): void {
    try {
      this.append(id, kind, value);
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new NotFoundError('Handoff', id);
      throw error;
    }
  }

  private append(id: string, kind: 'transcript' | 'note', value: TranscriptEntry | Note): void {
    const entry = toJson(withoutUndefined(value));
    this.insertEntry.run(id, kind, value.at.getTime(), Buffer.byteLength(entry), entry);
  }
}

function fromParts(id: string, record: Stored, entries: EntryRow[]): Handoff {
  const transcript: TranscriptEntry[] = [];
  const notes: Note[] = [];
  for (const row of entries) (row.kind === 'transcript' ? transcript : notes).push(fromJson(row.entry));
  return handoffFromRecord({ ...record, _id: id, transcript, notes } as HandoffRecord);
}

/** Active for this worker; the first claim's time is kept through releases (time to first contact). */
function claimFields(record: Stored, workerId: string): Partial<Stored> {
  const now = new Date();
  return { status: 'active', claimedBy: workerId, claimedAt: now, firstClaimedAt: record.firstClaimedAt ?? now };
}
