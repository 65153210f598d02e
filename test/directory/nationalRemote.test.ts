/**
 * The bundled national and remote set (data/directory/national_remote): something people can use from home for every
 * need they can name, each service offered only in the nations its own page says it serves, and services with a web
 * address and no phone number shown as such on a card, in plain text and by SMS.
 */
import type { DirectoryService } from '../../src/services/directory/DirectoryService';
import { matchServices } from '../../src/services/directory/matching/matchServices';
import { shortUrl } from '../../src/services/directory/present/contact';
import { serviceAsText, serviceCard } from '../../src/services/directory/present/serviceCards';
import { smsLine } from '../../src/services/directory/present/smsList';
import { bundledGeography, type Place } from '../../src/services/geography/Geography';
import { NEED_IDS } from '../../src/services/needs/taxonomy';
import { bundledServices, madeUpService } from './directoryKit';

const geography = bundledGeography();
const place = (postcode: string): Place => {
  const located = geography.locate(postcode);
  if (located.status !== 'found') throw new Error(`cannot place ${postcode}`);
  return located.place;
};
const national = (): DirectoryService[] => bundledServices().filter((s) => s.source.dataset === 'national_remote');

describe('the national and remote set', () => {
  it('has something people can use from home for every need they can name', () => {
    const missing = NEED_IDS.filter((need) => need !== 'other' && !national().some((s) => s.needs.includes(need)));
    expect(missing).toEqual([]);
    expect(national().every((s) => s.coverage === 'national' && s.delivery.some((d) => d === 'online' || d === 'phone'))).toBe(true);
  });

  it('gives each nation its own online housing advice, and never another nation\'s', () => {
    const housingIn = (postcode: string): { ids: string[]; where: (string | undefined)[] } => {
      const results = matchServices(national(), { needs: ['housing'], origin: place(postcode) }, geography);
      return { ids: results.map((r) => r.service.id), where: results.map((r) => r.where) };
    };
    expect(housingIn('BS16 1QY')).toEqual({ ids: ['national_remote:shelter-england-housing-advice'], where: ['online, for people anywhere in England'] });
    expect(housingIn('CF10 1EP')).toEqual({ ids: ['national_remote:shelter-cymru-housing-advice'], where: ['online, for people anywhere in Wales'] });
    expect(housingIn('G15 6SH')).toEqual({ ids: ['national_remote:shelter-scotland-housing-advice'], where: ['online, for people anywhere in Scotland'] });
    expect(housingIn('BT1 1AA')).toEqual({ ids: ['national_remote:housing-rights-ni-advice'], where: ['online, for people anywhere in Northern Ireland'] });
  });

  it('bereavement, families and work now have an answer in Bristol, where nothing local is bundled', () => {
    for (const need of ['bereavement', 'families', 'employment']) {
      const results = matchServices(national(), { needs: [need], origin: place('BS16 1QY') }, geography);
      expect(results.length).toBeGreaterThan(0);
      expect(results.every((r) => r.where === 'online, so you can use it from home')).toBe(true);
    }
  });

  it('shows a service with a web address and no phone number honestly: a website button, no call button, the address in words', () => {
    const webOnly = national().filter((s) => s.url && !s.phone);
    expect(webOnly.length).toBeGreaterThanOrEqual(8);
    for (const service of webOnly) {
      const [result] = matchServices([service], { needs: [service.needs[0]] }, geography);
      const card = serviceCard(result, 1).content as { buttons: { type: string; value: string }[]; text: string };
      expect(card.buttons.map((b) => b.type)).toEqual(['openUrl']);
      expect(card.buttons[0].value).toBe(service.url);
      expect(card.text).toContain(`Website ${shortUrl(service.url as string)}`);
      expect(card.text).not.toMatch(/Phone|Call/);
      expect(serviceAsText(result)).toContain(shortUrl(service.url as string));
      expect(smsLine(result, 1)).toContain(shortUrl(service.url as string));
    }
  });

  it('by text, says the reach in as few words as the line needs: not again when the name says it, never "online" beside a web address', () => {
    const [england] = matchServices(national().filter((s) => s.id === 'national_remote:shelter-england-housing-advice'), { needs: ['housing'], origin: place('BS16 1QY') }, geography);
    expect(england.where).toBe('online, for people anywhere in England');
    expect(smsLine(england, 4)).toBe('4. Housing advice for England: england.shelter.org.uk');
    const welsh = madeUpService({ id: 't:welsh', name: 'Made-up advice pages', needs: ['housing'], coverage: 'national', delivery: ['online'], nations: ['Wales'], url: 'https://example.org/advice' });
    const [inCardiff] = matchServices([welsh], { needs: ['housing'], origin: place('CF10 1EP') }, geography);
    expect(smsLine(inCardiff, 1)).toBe('1. Made-up advice pages: example.org/advice. For people anywhere in Wales');
    const byPhone = national().find((s) => s.id === 'national_remote:live-fear-free-helpline') as DirectoryService;
    const [helpline] = matchServices([byPhone], { needs: ['domestic-abuse'], origin: place('CF10 1EP') }, geography);
    expect(smsLine(helpline, 1)).toContain('By phone, for people anywhere in Wales');
  });
});
