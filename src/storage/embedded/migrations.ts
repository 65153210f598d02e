/**
 * The embedded store's schema, versioned by `PRAGMA user_version`: each migration runs once, in order, in one
 * transaction with the version it brings the file to, so a process that stops half way leaves the file as it was.
 * A file from a newer version of Signpost is refused rather than guessed at. Add a migration at the end; never edit
 * one that has shipped.
 *
 * Shapes: a record whose shape belongs to the domain (a referral, a handoff, a directory service, a console user, a
 * text in the outbox) is one JSON document column, `doc` (dates as {"$$date": ms}, json.ts), so new fields pass through
 * without a migration; the fields queries filter or sort on are generated columns over it, indexed. Whatever grows
 * (a handoff's transcript and notes, web chat activities, the audit log) is rows, appended, never a growing document
 * rewritten.
 */
import type BetterSqlite3 from 'better-sqlite3';

/** `$.path."$$date"`: a date field of a document, as milliseconds. */
const date = (field: string): string => `json_extract(doc, '$.${field}."$$date"')`;
const field = (name: string): string => `json_extract(doc, '$.${name}')`;

export const MIGRATIONS: readonly string[] = [
  // 1: everything the nedb store held, plus rows for what grows.
  `
  CREATE TABLE bot_state (
    key TEXT PRIMARY KEY,
    etag TEXT NOT NULL,
    json TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX bot_state_updated_at ON bot_state (updated_at);

  CREATE TABLE referrals (
    reference TEXT PRIMARY KEY,
    doc TEXT NOT NULL CHECK (json_valid(doc)),
    person_id TEXT GENERATED ALWAYS AS (${field('personId')}) VIRTUAL,
    status TEXT GENERATED ALWAYS AS (${field('status')}) VIRTUAL,
    created_at INTEGER GENERATED ALWAYS AS (${date('createdAt')}) VIRTUAL,
    follow_up_due_at INTEGER GENERATED ALWAYS AS (${date('followUp.dueAt')}) VIRTUAL,
    follow_up_sent_at INTEGER GENERATED ALWAYS AS (${date('followUp.sentAt')}) VIRTUAL,
    follow_up_answered_at INTEGER GENERATED ALWAYS AS (${date('followUp.answeredAt')}) VIRTUAL
  );
  CREATE INDEX referrals_person ON referrals (person_id);
  CREATE INDEX referrals_created ON referrals (created_at, reference);
  CREATE INDEX referrals_status_created ON referrals (status, created_at, reference);
  CREATE INDEX referrals_follow_up_due ON referrals (follow_up_due_at, reference) WHERE follow_up_sent_at IS NULL;
  CREATE INDEX referrals_follow_up_answered ON referrals (follow_up_answered_at);

  CREATE TABLE handoffs (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL CHECK (json_valid(doc)),
    person_id TEXT GENERATED ALWAYS AS (${field('personId')}) VIRTUAL,
    conversation_id TEXT GENERATED ALWAYS AS (${field('conversationId')}) VIRTUAL,
    status TEXT GENERATED ALWAYS AS (${field('status')}) VIRTUAL,
    priority_rank INTEGER GENERATED ALWAYS AS (${field('priorityRank')}) VIRTUAL,
    seq INTEGER GENERATED ALWAYS AS (${field('seq')}) VIRTUAL,
    created_at INTEGER GENERATED ALWAYS AS (${date('createdAt')}) VIRTUAL,
    closed_at INTEGER GENERATED ALWAYS AS (${date('closedAt')}) VIRTUAL,
    satisfaction_at INTEGER GENERATED ALWAYS AS (${date('satisfaction.at')}) VIRTUAL
  );
  CREATE INDEX handoffs_queue ON handoffs (status, priority_rank, created_at, seq);
  CREATE INDEX handoffs_person ON handoffs (person_id, created_at, seq);
  CREATE INDEX handoffs_conversation ON handoffs (conversation_id, status, created_at);
  CREATE INDEX handoffs_created ON handoffs (created_at);
  CREATE INDEX handoffs_closed ON handoffs (closed_at);
  CREATE INDEX handoffs_satisfaction ON handoffs (satisfaction_at);

  -- A handoff's transcript and notes: one row each, appended.
  CREATE TABLE handoff_entries (
    id INTEGER PRIMARY KEY,
    handoff_id TEXT NOT NULL REFERENCES handoffs (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('transcript', 'note')),
    at INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    entry TEXT NOT NULL CHECK (json_valid(entry))
  );
  CREATE INDEX handoff_entries_handoff ON handoff_entries (handoff_id, kind, at);

  CREATE TABLE directory_services (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL CHECK (json_valid(doc)),
    name TEXT GENERATED ALWAYS AS (${field('name')}) VIRTUAL
  );
  CREATE INDEX directory_services_name ON directory_services (name, id);

  CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL
  );
  CREATE INDEX audit_record ON audit (record_type, record_id, at, seq);

  CREATE TABLE console_users (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL CHECK (json_valid(doc)),
    email TEXT GENERATED ALWAYS AS (${field('email')}) VIRTUAL,
    created_at INTEGER GENERATED ALWAYS AS (${date('createdAt')}) VIRTUAL
  );
  CREATE UNIQUE INDEX console_users_email ON console_users (email);
  CREATE INDEX console_users_created ON console_users (created_at, id);

  CREATE TABLE console_sessions (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL CHECK (json_valid(doc)),
    user_id TEXT GENERATED ALWAYS AS (${field('userId')}) VIRTUAL,
    expires_at INTEGER GENERATED ALWAYS AS (${date('expiresAt')}) VIRTUAL
  );
  CREATE INDEX console_sessions_user ON console_sessions (user_id);
  CREATE INDEX console_sessions_expires ON console_sessions (expires_at);

  CREATE TABLE directline_conversations (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    locale TEXT,
    created_at INTEGER NOT NULL,
    last_watermark INTEGER NOT NULL,
    last_activity_at INTEGER NOT NULL
  );
  CREATE INDEX directline_conversations_last_activity ON directline_conversations (last_activity_at);

  CREATE TABLE directline_activities (
    conversation_id TEXT NOT NULL REFERENCES directline_conversations (id) ON DELETE CASCADE,
    watermark INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (conversation_id, watermark)
  ) WITHOUT ROWID;

  CREATE TABLE sms_outbox (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL CHECK (json_valid(doc)),
    conversation_id TEXT GENERATED ALWAYS AS (${field('conversationId')}) VIRTUAL,
    status TEXT GENERATED ALWAYS AS (${field('status')}) VIRTUAL,
    seq INTEGER GENERATED ALWAYS AS (${field('seq')}) VIRTUAL,
    in_reply_to TEXT GENERATED ALWAYS AS (${field('inReplyTo')}) VIRTUAL,
    created_at INTEGER GENERATED ALWAYS AS (${date('createdAt')}) VIRTUAL,
    next_attempt_at INTEGER GENERATED ALWAYS AS (${date('nextAttemptAt')}) VIRTUAL,
    lease_until INTEGER GENERATED ALWAYS AS (${date('leaseUntil')}) VIRTUAL
  );
  -- The unsent texts, by number in sending order: what a claim reads.
  CREATE INDEX sms_outbox_pending ON sms_outbox (conversation_id, seq) WHERE status IN ('queued', 'sending');
  CREATE INDEX sms_outbox_conversation ON sms_outbox (conversation_id, seq);
  CREATE INDEX sms_outbox_in_reply_to ON sms_outbox (in_reply_to, seq);
  CREATE INDEX sms_outbox_created ON sms_outbox (created_at);

  CREATE TABLE sms_contacts (
    phone TEXT PRIMARY KEY,
    doc TEXT NOT NULL CHECK (json_valid(doc)),
    conversation_id TEXT GENERATED ALWAYS AS (${field('conversationId')}) VIRTUAL,
    opted_out INTEGER GENERATED ALWAYS AS (${field('optedOut')}) VIRTUAL,
    last_seen_at INTEGER GENERATED ALWAYS AS (${date('lastSeenAt')}) VIRTUAL
  );
  CREATE INDEX sms_contacts_conversation ON sms_contacts (conversation_id);
  CREATE INDEX sms_contacts_last_seen ON sms_contacts (last_seen_at) WHERE opted_out = 0;

  -- What was imported from a nedb data folder, and when (importNedb.ts).
  CREATE TABLE imports (
    source TEXT PRIMARY KEY,
    at INTEGER NOT NULL,
    counts TEXT NOT NULL
  );
  `,
  // 2 (issue 18): canned replies a link worker team shares (not personal data, so no retention sweep); a person's
  // earlier referrals found by the phone number or email they gave (the console's history and search).
  `
  CREATE TABLE canned_replies (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL CHECK (json_valid(doc))
  );
  CREATE INDEX referrals_contact_value ON referrals (json_extract(doc, '$.person.contactValue'));
  `,
  // 3: the GP practice list imported from NHS ODS (`signpost practices import`): not personal data.
  `
  CREATE TABLE gp_practices (
    ods_code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    postcode TEXT
  ) WITHOUT ROWID;
  CREATE INDEX gp_practices_name_key ON gp_practices (name_key);
  `,
  // 4: referrals found by their conversation (a chat handoff and the referral saved in it are one episode).
  `
  ALTER TABLE referrals ADD COLUMN conversation_id TEXT GENERATED ALWAYS AS (${field('conversationId')}) VIRTUAL;
  CREATE INDEX referrals_conversation ON referrals (conversation_id, created_at);
  `,
  // 5: a conversation's recent turns, a row a line, appended (they were a list rewritten in conversation state every turn).
  `
  CREATE TABLE recent_turns (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    speaker TEXT NOT NULL CHECK (speaker IN ('patient', 'bot')),
    text TEXT NOT NULL,
    at INTEGER NOT NULL
  );
  CREATE INDEX recent_turns_conversation ON recent_turns (channel, conversation_id, id);
  CREATE INDEX recent_turns_at ON recent_turns (at);
  `,
  // 6: the handoff a texted answer belongs to (a web chat person who agreed to be texted), found by an index on the
  // text-back's conversation instead of reading every open handoff on every turn.
  `
  CREATE INDEX handoffs_text_back ON handoffs (json_extract(doc, '$.textBack.conversationId'), created_at)
    WHERE json_extract(doc, '$.textBack.conversationId') IS NOT NULL;
  `,
  // 7: the directory searched by need through an index (a row a service's need) instead of reading every service's
  // needs with json_each, and a version for each service, so that a search can keep the services it has parsed and
  // read again only those that changed. Both kept by triggers, whichever process or statement writes a service.
  `
  CREATE TABLE directory_service_needs (
    need TEXT NOT NULL,
    service_id TEXT NOT NULL REFERENCES directory_services (id) ON DELETE CASCADE ON UPDATE CASCADE,
    PRIMARY KEY (need, service_id)
  ) WITHOUT ROWID;
  CREATE INDEX directory_service_needs_service ON directory_service_needs (service_id);
  INSERT OR IGNORE INTO directory_service_needs (need, service_id)
    SELECT n.value, s.id FROM directory_services AS s, json_each(s.doc, '$.needs') AS n;

  -- The last version given; a service written gets the next one (the ones there now are version 0).
  CREATE TABLE directory_version (one INTEGER PRIMARY KEY CHECK (one = 1), version INTEGER NOT NULL);
  INSERT INTO directory_version (one, version) VALUES (1, 0);
  ALTER TABLE directory_services ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

  CREATE TRIGGER directory_services_inserted AFTER INSERT ON directory_services BEGIN
    UPDATE directory_version SET version = version + 1;
    UPDATE directory_services SET version = (SELECT version FROM directory_version) WHERE id = new.id;
    DELETE FROM directory_service_needs WHERE service_id = new.id;
    INSERT OR IGNORE INTO directory_service_needs (need, service_id) SELECT value, new.id FROM json_each(new.doc, '$.needs');
  END;
  CREATE TRIGGER directory_services_changed AFTER UPDATE OF id, doc ON directory_services BEGIN
    UPDATE directory_version SET version = version + 1;
    UPDATE directory_services SET version = (SELECT version FROM directory_version) WHERE id = new.id;
    DELETE FROM directory_service_needs WHERE service_id IN (old.id, new.id);
    INSERT OR IGNORE INTO directory_service_needs (need, service_id) SELECT value, new.id FROM json_each(new.doc, '$.needs');
  END;
  `,
];

export class NewerSchemaError extends Error {
  constructor(found: number) {
    super(`The database's schema is version ${found}, newer than this Signpost knows (${MIGRATIONS.length}): upgrade Signpost, or restore a backup made by this version.`);
    this.name = 'NewerSchemaError';
  }
}

/** Brings the database to the latest schema; returns the version it was at. */
export function migrate(db: BetterSqlite3.Database): number {
  const version = (): number => db.pragma('user_version', { simple: true }) as number;
  const found = version();
  if (found > MIGRATIONS.length) throw new NewerSchemaError(found);
  for (let next = found; next < MIGRATIONS.length; next += 1) {
    db.transaction(() => {
      // Another process may have migrated meanwhile (it held the write lock): look again inside the transaction.
      if (version() !== next) return;
      db.exec(MIGRATIONS[next]);
      db.pragma(`user_version = ${next + 1}`);
    }).immediate();
  }
  return found;
}
