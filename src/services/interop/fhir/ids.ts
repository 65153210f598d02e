/**
 * Stable `urn:uuid:` full URLs for exported resources: a name-based UUID (RFC 4122 version 5, SHA-1), so exporting the
 * same referral twice gives the same ids and a receiving system can tell it is the same record.
 */
import { createHash } from 'node:crypto';

/** Signpost's own namespace for name-based UUIDs (a fixed random UUID). */
const SIGNPOST_NAMESPACE = 'b1f5c2de-4a53-4f0e-9d55-0b7c8f3a61e9';

export function nameBasedUuid(name: string, namespace = SIGNPOST_NAMESPACE): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function urnUuid(name: string): string {
  return `urn:uuid:${nameBasedUuid(name)}`;
}
