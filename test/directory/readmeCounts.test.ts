/**
 * The README's table of what is bundled stays true: for each bundled dataset, its services, the needs they meet and
 * the nations they name, counted from the data as the importer reads it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DirectoryService } from '../../src/services/directory/DirectoryService';
import { bundledDatasets } from '../../src/services/directory/defaultDirectory';
import { NEED_IDS } from '../../src/services/needs/taxonomy';
import { bundledServices } from './directoryKit';

/** The README's word for each need. */
const WORDS: Record<string, string> = {
  loneliness: 'loneliness', money: 'money', benefits: 'benefits', housing: 'housing', food: 'food', employment: 'work and volunteering',
  carers: 'carers', bereavement: 'bereavement', 'mental-wellbeing': 'mental wellbeing', 'physical-activity': 'getting active',
  'long-term-condition': 'long-term conditions', 'substance-use': 'alcohol and drugs', 'domestic-abuse': 'domestic abuse',
  families: 'families', 'digital-skills': 'getting online', other: 'something else',
};
const NATIONS = ['England', 'Scotland', 'Wales', 'Northern Ireland'] as const;

/** "housing 4, money 3, ...": most first, then in the taxonomy's order. */
function needsPhrase(services: DirectoryService[]): string {
  const counts = NEED_IDS.map((need) => ({ need, n: services.filter((s) => s.needs.includes(need)).length })).filter((c) => c.n > 0);
  return counts.sort((a, b) => b.n - a.n || NEED_IDS.indexOf(a.need) - NEED_IDS.indexOf(b.need)).map((c) => `${WORDS[c.need]} ${c.n}`).join(', ');
}

/** "naming nations: England 2, Wales 3; 15 name none": a service naming two nations is counted in each. */
function nationsPhrase(services: DirectoryService[]): string {
  const named = NATIONS.map((nation) => ({ nation, n: services.filter((s) => s.nations?.includes(nation)).length })).filter((c) => c.n > 0);
  const none = services.filter((s) => !s.nations?.length).length;
  return `naming nations: ${named.length ? named.map((c) => `${c.nation} ${c.n}`).join(', ') : 'none'}; ${none} name none`;
}

describe('the README\'s table of the bundled directory', () => {
  const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Directory'));
  const rows = section.split('\n').filter((line) => line.startsWith('| '));

  it('gives each dataset\'s services, the needs they meet and the nations they name, as counted from the data', () => {
    const all = bundledServices();
    for (const { dataset } of bundledDatasets()) {
      const row = rows.find((r) => r.includes(`(\`${dataset}\`)`));
      expect({ dataset, row: row !== undefined }).toEqual({ dataset, row: true });
      const cells = (row as string).split(' | ').map((c) => c.replace(/^\| |\s*\|$/g, '').trim());
      const services = all.filter((s) => s.source.dataset === dataset);
      expect({ dataset, services: cells[2].split(' ')[0] }).toEqual({ dataset, services: String(services.length) });
      expect({ dataset, needs: cells[3] }).toEqual({ dataset, needs: needsPhrase(services) });
      expect({ dataset, nations: cells[1] }).toEqual({ dataset, nations: expect.stringContaining(nationsPhrase(services)) });
    }
    expect(section).toContain(`imported (${all.length} services`);
  });
});
