/**
 * A conversation's recent turns in the embedded store: a row a line in `recent_turns`, a turn's lines inserted in one
 * transaction. Written through the synchronous=NORMAL connection, as conversation state is (database.ts): a turn's
 * lines are the same kind of data, and a turn should not wait for an fsync. Removals go through the FULL connection.
 */
import type { ConversationKey, RecentTurns, TranscriptLine } from '../../services/transcript/RecentTurns';
import type { Database } from './database';

interface Row {
  speaker: TranscriptLine['from'];
  text: string;
  at: number;
}

export class EmbeddedRecentTurns implements RecentTurns {
  private readonly appendTx;
  private readonly latest;
  private readonly clearStmt;
  private readonly purgeStmt;

  constructor(private readonly database: Database) {
    const db = database.normalDb;
    const insert = db.prepare<[string, string, string, string, number]>('INSERT INTO recent_turns (channel, conversation_id, speaker, text, at) VALUES (?, ?, ?, ?, ?)');
    // Everything before the conversation's latest `keep` lines (nothing when it has no more than that).
    const trim = db.prepare<[string, string, string, string, number]>(
      'DELETE FROM recent_turns WHERE channel = ? AND conversation_id = ? AND id <= (SELECT id FROM recent_turns WHERE channel = ? AND conversation_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)',
    );
    this.appendTx = db.transaction(({ channel, conversationId }: ConversationKey, lines: readonly TranscriptLine[], keep: number) => {
      for (const line of lines) insert.run(channel, conversationId, line.from, line.text, Date.parse(line.at));
      trim.run(channel, conversationId, channel, conversationId, keep);
    });
    this.latest = db.prepare<[string, string, number], Row>('SELECT speaker, text, at FROM recent_turns WHERE channel = ? AND conversation_id = ? ORDER BY id DESC LIMIT ?');
    // Removals (erasure, retention, consent withdrawn) through the synchronous=FULL connection: they must last.
    this.clearStmt = database.db.prepare<[string, string]>('DELETE FROM recent_turns WHERE channel = ? AND conversation_id = ?');
    this.purgeStmt = database.db.prepare<[number]>('DELETE FROM recent_turns WHERE at < ?');
  }

  async append(conversation: ConversationKey, lines: readonly TranscriptLine[], keep: number): Promise<void> {
    if (lines.length > 0) this.appendTx(conversation, lines, keep);
  }

  async read({ channel, conversationId }: ConversationKey, limit: number): Promise<TranscriptLine[]> {
    return this.latest.all(channel, conversationId, limit).reverse().map((row) => ({ from: row.speaker, text: row.text, at: new Date(row.at).toISOString() }));
  }

  async clear({ channel, conversationId }: ConversationKey): Promise<number> {
    this.database.check();
    return this.clearStmt.run(channel, conversationId).changes;
  }

  async purgeOlderThan(cutoff: Date): Promise<number> {
    this.database.check();
    return this.purgeStmt.run(cutoff.getTime()).changes;
  }
}
