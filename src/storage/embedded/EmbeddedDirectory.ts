/**
 * The community services directory in the embedded store: one row per service, the service a JSON document (new fields
 * pass through without a migration). A needs filter asks the index of services' needs (`directory_service_needs`,
 * kept by triggers: migration 7); the area search (DirectoryQuery.near) measures each candidate exactly
 * (isWithinReach), as a directory of a few thousand services costs little to scan.
 *
 * A search by need (what a conversation makes) keeps the services it has parsed, each with its version (a number every
 * write of a service moves on, whichever process writes it), and reads and parses again only those whose version
 * changed: a search of the bundled directory read and parsed about 40 services' JSON (46 KB) each time. What it keeps is
 * frozen, as it is shared by every search that finds it.
 */
import type { DirectoryQuery, DirectoryRepository, DirectoryService } from '../../services/directory/DirectoryService';
import { NotFoundError } from '../../services/referrals/ReferralRepository';
import { checkNear, isWithinReach } from '../shared/directoryNear';
import { paging, withoutUndefined } from '../shared/records';
import { directoryPatchFields, validateDirectoryService } from '../shared/validation';
import { preparedOnce, type Database } from './database';
import { fromJson, toJson } from './json';

interface Row {
  id: string;
  doc: string;
}

interface Found {
  id: string;
  version: number;
}

/** At most this many parsed services are kept (about 1 KB each); beyond it the kept ones are let go and kept afresh. */
export const KEPT_SERVICES = 20_000;

/** Services found by need: the index of needs, then the services in the order every search gives. */
const BY_NEED = 'FROM directory_services WHERE id IN (SELECT service_id FROM directory_service_needs WHERE need IN (SELECT value FROM json_each(@needs))) ORDER BY name, id';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && !Object.isFrozen(value)) {
    for (const inner of Object.values(value as Record<string, unknown>)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const fromRow = (row: Row): DirectoryService => ({ id: row.id, ...fromJson<Omit<DirectoryService, 'id'>>(row.doc) });
const docOf = ({ id: _id, ...rest }: DirectoryService): string => toJson(withoutUndefined(rest));

export class EmbeddedDirectory implements DirectoryRepository {
  private readonly byId;
  private readonly upsert;
  private readonly replace;
  private readonly docs;
  /** Parsed services by id, each with the version it was read at. */
  private readonly kept = new Map<string, { version: number; service: DirectoryService }>();

  constructor(private readonly database: Database) {
    const { db } = database;
    this.byId = db.prepare<[string], Row>('SELECT id, doc FROM directory_services WHERE id = ?');
    this.upsert = db.prepare<[string, string]>('INSERT INTO directory_services (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc');
    this.replace = db.prepare<[string, string]>('UPDATE directory_services SET doc = ? WHERE id = ?');
    this.docs = db.prepare<[string], Row & Found>('SELECT id, doc, version FROM directory_services WHERE id IN (SELECT value FROM json_each(?))');
  }

  async upsertMany(services: DirectoryService[]): Promise<{ inserted: number; updated: number }> {
    services.forEach(validateDirectoryService);
    this.database.check();
    const { db } = this.database;
    const exists = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM directory_services WHERE id = ?');
    return db.transaction(() => {
      let inserted = 0;
      let updated = 0;
      for (const service of services) {
        if (exists.get(service.id)) updated += 1;
        else inserted += 1;
        this.upsert.run(service.id, docOf(service));
      }
      return { inserted, updated };
    }).immediate();
  }

  async get(id: string): Promise<DirectoryService | null> {
    this.database.check();
    const row = this.byId.get(id);
    return row ? fromRow(row) : null;
  }

  async update(id: string, patch: Partial<Omit<DirectoryService, 'id'>>): Promise<DirectoryService> {
    const fields = directoryPatchFields(patch);
    this.database.check();
    return this.database.db.transaction(() => {
      const row = this.byId.get(id);
      if (!row) throw new NotFoundError('Directory service', id);
      const updated = { ...fromRow(row), ...fields } as DirectoryService;
      this.replace.run(docOf(updated), id);
      return fromRow({ id, doc: docOf(updated) });
    }).immediate();
  }

  async search(query: DirectoryQuery = {}): Promise<DirectoryService[]> {
    this.database.check();
    const { limit, offset } = paging(query, 1000, 100_000);
    const near = query.near;
    if (near) checkNear(near);
    const { db } = this.database;
    if (query.needs) {
      const needs = { needs: JSON.stringify(query.needs) };
      if (!near) return this.parsed(preparedOnce<[Record<string, unknown>], Found>(db, `SELECT id, version ${BY_NEED} LIMIT @limit OFFSET @offset`).all({ ...needs, limit, offset }));
      // Measured here, so the page is taken here.
      const services = this.parsed(preparedOnce<[Record<string, unknown>], Found>(db, `SELECT id, version ${BY_NEED}`).all(needs));
      return services.filter((service) => isWithinReach(service, near)).slice(offset, offset + limit);
    }
    if (!near) return preparedOnce<[Record<string, unknown>], Row>(db, 'SELECT id, doc FROM directory_services ORDER BY name, id LIMIT @limit OFFSET @offset').all({ limit, offset }).map(fromRow);
    const services = preparedOnce<[], Row>(db, 'SELECT id, doc FROM directory_services ORDER BY name, id').all().map(fromRow);
    return services.filter((service) => isWithinReach(service, near)).slice(offset, offset + limit);
  }

  /** The services found, in order: those kept at the version found as they are, the others read, parsed and kept. */
  private parsed(found: Found[]): DirectoryService[] {
    const stale = found.filter(({ id, version }) => this.kept.get(id)?.version !== version).map(({ id }) => id);
    if (stale.length > 0) {
      if (this.kept.size + stale.length > KEPT_SERVICES) this.kept.clear();
      for (const row of this.docs.all(JSON.stringify(stale))) this.kept.set(row.id, { version: row.version, service: deepFreeze(fromRow(row)) });
    }
    // A service deleted between the two reads (by another process) is left out, as if found after it.
    return found.flatMap(({ id }) => {
      const kept = this.kept.get(id);
      return kept ? [kept.service] : [];
    });
  }

  async count(): Promise<number> {
    this.database.check();
    return (this.database.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM directory_services').get() as { n: number }).n;
  }
}
