/**
 * Text for SMS: GSM-7 only, split into parts that each fit one 160-character segment where possible, breaking
 * between blocks, then lines, then sentences, then words; inside a word only when one word is longer than a segment.
 */
import { SEGMENT_SEPTETS, segmentCount, septets, toGsm7 } from '../../services/sms/gsm7';

export interface SmsPart {
  text: string;
  /** Segments this part is billed as: 1 for every part renderSmsText makes with the default limit. */
  segments: number;
  encoding: 'GSM-7' | 'UCS-2';
}

/**
 * Renders blocks of text (e.g. a question, then its numbered choices) as SMS parts. A block that fits one segment is
 * never split across parts; a longer one is split at line, sentence and word boundaries.
 */
export function renderSmsText(blocks: string | string[], limit = SEGMENT_SEPTETS): SmsPart[] {
  const list = (Array.isArray(blocks) ? blocks : [blocks]).map(toGsm7).filter((b) => b.length > 0);
  const parts: string[] = [];
  let current = '';
  const push = (piece: string, separator: string): void => {
    if (current === '') current = piece;
    else if (septets(current) + septets(separator) + septets(piece) <= limit) current += separator + piece;
    else {
      parts.push(current);
      current = piece;
    }
  };
  for (const block of list) {
    if (septets(block) <= limit) {
      push(block, '\n');
      continue;
    }
    for (const line of block.split('\n')) splitLongLine(line, limit).forEach((piece, i) => push(piece, i === 0 ? '\n' : ' '));
  }
  if (current !== '') parts.push(current);
  return parts.map((text) => ({ text, ...segmentCount(text) }));
}

/** Pieces of one line, each within the limit: sentences, or words when a sentence is too long. */
function splitLongLine(line: string, limit: number): string[] {
  if (septets(line) <= limit) return [line];
  const sentences = line.split(/(?<=[.!?:;])\s+/).filter(Boolean);
  return sentences.flatMap((sentence) => {
    if (septets(sentence) <= limit) return [sentence];
    return packWords(sentence.split(/\s+/).filter(Boolean), limit);
  });
}

function packWords(words: string[], limit: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of words.flatMap((w) => chopWord(w, limit))) {
    if (current === '') current = word;
    else if (septets(current) + 1 + septets(word) <= limit) current += ` ${word}`;
    else {
      out.push(current);
      current = word;
    }
  }
  if (current !== '') out.push(current);
  return out;
}

/** A word longer than a segment (a long web address) is cut into segment-sized pieces. */
function chopWord(word: string, limit: number): string[] {
  if (septets(word) <= limit) return [word];
  const pieces: string[] = [];
  let current = '';
  for (const char of word) {
    if (septets(current + char) > limit) {
      pieces.push(current);
      current = '';
    }
    current += char;
  }
  if (current) pieces.push(current);
  return pieces;
}

/** One message's texts as rendered, and whether it must go alone (crisis and safety texts: never joined or shortened). */
export interface RenderedMessage {
  parts: SmsPart[];
  alone: boolean;
}

/**
 * Consecutive messages of one turn packed into as few texts as they fit, each within one segment: a message may
 * share a text with the ones before and after it, broken only between its lines or sentences (never mid-sentence).
 * A message marked alone keeps its own texts exactly as rendered.
 */
export function joinSmsMessages(messages: RenderedMessage[], limit = SEGMENT_SEPTETS): SmsPart[] {
  // Whole messages together where they fit; broken between sentences only when that saves a text.
  const whole = pack(messages, limit, false);
  const bySentence = pack(messages, limit, true);
  const texts = bySentence.length < whole.length ? bySentence : whole;
  return texts.map((text) => ({ text, ...segmentCount(text) }));
}

function pack(messages: RenderedMessage[], limit: number, bySentence: boolean): string[] {
  const out: string[] = [];
  let current = '';
  const add = (text: string, separator: string): void => {
    if (current === '') current = text;
    else if (septets(current) + septets(separator) + septets(text) <= limit) current += separator + text;
    else {
      out.push(current);
      current = text;
    }
  };
  for (const message of messages) {
    if (message.alone) {
      if (current !== '') out.push(current);
      current = '';
      out.push(...message.parts.map((p) => p.text));
      continue;
    }
    for (const part of message.parts) {
      if (!bySentence) {
        add(part.text, '\n');
        continue;
      }
      pieces(part.text).forEach((piece, index) => add(piece.text, index === 0 ? '\n' : piece.separator));
    }
  }
  if (current !== '') out.push(current);
  return out;
}

/** A text's lines, and the sentences of each line, with the separator that came before each. */
function pieces(text: string): { text: string; separator: string }[] {
  const out: { text: string; separator: string }[] = [];
  for (const line of text.split('\n')) {
    // A full stop after a number ("1. Online debt advice") numbers a line; it does not end a sentence.
    line.split(/(?<=[^0-9][.!?])\s+(?=[A-Z0-9'"(])/).filter(Boolean).forEach((sentence, i) => out.push({ text: sentence, separator: i === 0 ? '\n' : ' ' }));
  }
  return out;
}
