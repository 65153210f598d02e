/** The imported GP practice list in the embedded store: one row per practice, found by ODS code or name key. */
import { practiceNameKey, type GpPractice, type PracticeList } from '../../services/dataset/practices';
import { preparedOnce, type Database } from './database';

interface Row {
  ods_code: string;
  name: string;
  postcode: string | null;
}

const fromRow = (row: Row): GpPractice => ({ odsCode: row.ods_code, name: row.name, ...(row.postcode ? { postcode: row.postcode } : {}) });

export class EmbeddedPractices implements PracticeList {
  constructor(private readonly database: Database) {}

  async replaceAll(practices: readonly GpPractice[]): Promise<number> {
    this.database.check();
    const { db } = this.database;
    const insert = db.prepare<[string, string, string, string | null]>('INSERT OR REPLACE INTO gp_practices (ods_code, name, name_key, postcode) VALUES (?, ?, ?, ?)');
    db.transaction(() => {
      db.prepare('DELETE FROM gp_practices').run();
      for (const p of practices) insert.run(p.odsCode, p.name, practiceNameKey(p.name), p.postcode ?? null);
    }).immediate();
    return this.count();
  }

  async count(): Promise<number> {
    this.database.check();
    return (this.database.db.prepare('SELECT COUNT(*) AS n FROM gp_practices').get() as { n: number }).n;
  }

  async get(odsCode: string): Promise<GpPractice | null> {
    this.database.check();
    const row = preparedOnce<[string], Row>(this.database.db, 'SELECT ods_code, name, postcode FROM gp_practices WHERE ods_code = ?').get(odsCode);
    return row ? fromRow(row) : null;
  }

  async findByNameKey(key: string, limit = 10): Promise<GpPractice[]> {
    this.database.check();
    return preparedOnce<[string, number], Row>(this.database.db, 'SELECT ods_code, name, postcode FROM gp_practices WHERE name_key = ? ORDER BY ods_code LIMIT ?').all(key, limit).map(fromRow);
  }
}
