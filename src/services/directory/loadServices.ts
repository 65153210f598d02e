import type { NeedId } from '../needs/taxonomy';
import type { DirectoryRepository, DirectoryService } from './DirectoryService';

const PAGE = 1000;

/** Every service meeting any of the needs, page by page (the repository caps a page). */
export async function loadServices(directory: DirectoryRepository, needs: NeedId[]): Promise<DirectoryService[]> {
  if (needs.length === 0) return [];
  const all: DirectoryService[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await directory.search({ needs, limit: PAGE, offset });
    all.push(...page);
    if (page.length < PAGE) return all;
  }
}
