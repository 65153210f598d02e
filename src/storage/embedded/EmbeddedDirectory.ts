/**
 * The community services directory in the embedded store: one row per service, the service a JSON document (new fields
 * pass through without a migration). A needs filter asks SQLite's json_each; the area search (DirectoryQuery.near)
 * measures each candidate exactly (isWithinReach), as a directory of a few thousand services costs little to scan.
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

const fromRow = (row: Row): DirectoryService => ({ id: row.id, ...fromJson<Omit<DirectoryService, 'id'>>(row.doc) });
const docOf = ({ id: _id, ...rest }: DirectoryService): string => toJson(withoutUndefined(rest));

export class EmbeddedDirectory implements DirectoryRepository {
  private readonly byId;
  private readonly upsert;
  private readonly replace;

  constructor(private readonly database: Database) {
    const { db } = database;
    this.byId = db.prepare<[string], Row>('SELECT id, doc FROM directory_services WHERE id = ?');
    this.upsert = db.prepare<[string, string]>('INSERT INTO directory_services (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc');
    this.replace = db.prepare<[string, string]>('UPDATE directory_services SET doc = ? WHERE id = ?');
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
    const needs = query.needs ? 'WHERE EXISTS (SELECT 1 FROM json_each(doc, \'$.needs\') AS n WHERE n.value IN (SELECT value FROM json_each(@needs)))' : '';
    const params = query.needs ? { needs: JSON.stringify(query.needs) } : {};
    const { db } = this.database;
    if (!near) {
      return preparedOnce<[Record<string, unknown>], Row>(db, `SELECT id, doc FROM directory_services ${needs} ORDER BY name, id LIMIT @limit OFFSET @offset`).all({ ...params, limit, offset }).map(fromRow);
    }
    // Measured here, so the page is taken here.
    const services = preparedOnce<[Record<string, unknown>], Row>(db, `SELECT id, doc FROM directory_services ${needs} ORDER BY name, id`).all(params).map(fromRow);
    return services.filter((service) => isWithinReach(service, near)).slice(offset, offset + limit);
  }

  async count(): Promise<number> {
    this.database.check();
    return (this.database.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM directory_services').get() as { n: number }).n;
  }
}
