/** data/needs-snomed.json: every need listed, each mapping with its source; unmapped needs stay local. */
import { readFileSync } from 'node:fs';
import { projectPath } from '../../src/paths';
import { needSnomed, parseNeedsSnomedMap } from '../../src/services/needs/snomedMap';
import { NEED_IDS } from '../../src/services/needs/taxonomy';

const file = JSON.parse(readFileSync(projectPath('data', 'needs-snomed.json'), 'utf8')) as { needs: Record<string, unknown>; sources: { address: string; read: string }[] };

describe('needs to SNOMED CT', () => {
  it('lists every need id, and cites the pages searched with the date read', () => {
    expect(Object.keys(file.needs).sort()).toEqual([...NEED_IDS].sort());
    expect(file.sources.length).toBeGreaterThan(0);
    for (const source of file.sources) {
      expect(source.address).toMatch(/^https?:\/\//);
      expect(source.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('loads the committed map (every need local until a source names a concept)', () => {
    for (const id of NEED_IDS) expect(needSnomed(id)).toEqual(file.needs[id] ?? undefined);
  });

  it('refuses a map that leaves a need out, names an unknown need, or maps without a source', () => {
    const all = Object.fromEntries(NEED_IDS.map((id) => [id, null]));
    expect(parseNeedsSnomedMap({ needs: all }).size).toBe(0);
    const { housing: _left, ...missing } = all;
    void _left;
    expect(() => parseNeedsSnomedMap({ needs: missing })).toThrow('does not list the need "housing"');
    expect(() => parseNeedsSnomedMap({ needs: { ...all, pets: null } })).toThrow('"pets", which is not a need id');
    expect(() => parseNeedsSnomedMap({ needs: { ...all, loneliness: { code: '123456', display: 'x', source: '', read: '2026-12-06' } } })).toThrow('needs a SNOMED CT code');
    const mapped = parseNeedsSnomedMap({ needs: { ...all, loneliness: { code: '1234567', display: 'Example', source: 'https://example.org/guidance', read: '2026-12-06' } } });
    expect(mapped.get('loneliness')).toEqual({ code: '1234567', display: 'Example', source: 'https://example.org/guidance', read: '2026-12-06' });
    expect(mapped.has('money')).toBe(false);
  });
});
