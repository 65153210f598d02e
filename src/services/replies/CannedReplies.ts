/**
 * Canned replies: words a link worker team shares for what it says often ("I am sorry you are waiting, {firstName}"),
 * inserted into the reply box and read before sending. Any worker may use and add them; the author or an admin may
 * change or delete one. Placeholders in braces are filled in for the person being answered (fillReply); only the
 * known ones (PLACEHOLDERS) may be saved, so a typo is caught when saving, not when the person reads it.
 */
export interface CannedReply {
  id: string;
  /** A short name to find it by ("Welcome", "Call back"). */
  title: string;
  text: string;
  createdBy: string;
  createdAt: Date;
  updatedBy: string;
  updatedAt: Date;
}

export interface NewCannedReply {
  title: string;
  text: string;
  createdBy: string;
}

export interface CannedReplyPatch {
  title?: string;
  text?: string;
  updatedBy: string;
}

/** The port: kept in the store with the rest (SQLite or MongoDB), listed by title. */
export interface CannedReplyStore {
  list(): Promise<CannedReply[]>;
  get(id: string): Promise<CannedReply | null>;
  create(reply: NewCannedReply): Promise<CannedReply>;
  /** NotFoundError when there is none with that id. */
  update(id: string, patch: CannedReplyPatch): Promise<CannedReply>;
  /** False when there was none with that id. */
  delete(id: string): Promise<boolean>;
}

export const MAX_REPLY_TITLE = 80;
export const MAX_REPLY_TEXT = 2000;

/** What a placeholder becomes: the person's first name, the worker's, the referral reference. */
export interface ReplyValues {
  firstName?: string | null;
  workerName?: string | null;
  reference?: string | null;
}

/** Each placeholder, and what it becomes when the value is not known (never a blank in the middle of a sentence). */
export const PLACEHOLDERS: Record<string, { key: keyof ReplyValues; fallback: string; description: string }> = {
  firstName: { key: 'firstName', fallback: 'there', description: "the person's first name (\"there\" when not known)" },
  workerName: { key: 'workerName', fallback: 'your link worker', description: 'your first name' },
  reference: { key: 'reference', fallback: 'your reference', description: 'their referral reference, such as SP-7GYYH' },
};

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

/** Placeholders in the text that are not known ("{fristName}"): saving refuses them. */
export function unknownPlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]).filter((name) => !(name in PLACEHOLDERS)))];
}

export function fillReply(text: string, values: ReplyValues): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const placeholder = PLACEHOLDERS[name];
    if (!placeholder) return whole;
    const value = values[placeholder.key]?.trim();
    return value ? value : placeholder.fallback;
  });
}
