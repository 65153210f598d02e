import type { NeedId } from '../needs/taxonomy';
import type { DirectoryRepository, DirectoryService, NearArea } from './DirectoryService';

const PAGE = 1000;

/**
 * Every service meeting any of the needs, page by page (the repository caps a page); with an area, only those within
 * reach of it (DirectoryQuery.near).
 */
export async function loadServices(directory: DirectoryRepository, needs: NeedId[], near?: NearArea): Promise<DirectoryService[]> {
  if (needs.length === 0) return [];
  const all: DirectoryService[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await directory.search({ needs, ...(near ? { near } : {}), limit: PAGE, offset });
    all.push(...page);
    if (page.length < PAGE) return all;
  }
}
