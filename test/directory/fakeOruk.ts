/**
 * A local fake Open Referral UK API for the sync tests, serving real records from the test fixtures (the Bristol Open
 * Place list dump, ORUK v1, and the official HSDS 3.0 UK example service): GET /services?page=&per_page= pages in
 * the Open Place shape ({content, totalElements, totalPages, number, size, first, last}) or the HSDS 3 shape
 * ({contents, total_items, total_pages, page_number, size, first_page, last_page, empty}), and GET /services/{id}
 * answers the full record. It can answer 429 with Retry-After, or 500, for the first requests of chosen ids.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeOruk {
  url: string;
  /** The records served, by id (change or delete them between syncs). */
  records: Map<string, Record<string, unknown>>;
  /** Ids whose next detail request answers 429 with Retry-After: 1. */
  tooManyOnce: Set<string>;
  /** Ids whose next detail request answers 500. */
  failOnce: Set<string>;
  /** Ids whose detail request always fails (500). */
  alwaysFail: Set<string>;
  /** Requests seen, as paths with queries. */
  requests: string[];
  close(): Promise<void>;
}

export async function startFakeOruk(records: Record<string, unknown>[], shape: 'v1' | 'hsds3' = 'v1'): Promise<FakeOruk> {
  const fake: Omit<FakeOruk, 'url' | 'close'> = {
    records: new Map(records.map((r) => [String(r.id), r])),
    tooManyOnce: new Set(),
    failOnce: new Set(),
    alwaysFail: new Set(),
    requests: [],
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    fake.requests.push(`${url.pathname}${url.search}`);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const detail = /^\/api\/services\/([^/]+)$/.exec(url.pathname);
    if (url.pathname === '/api/services') {
      const size = Number(url.searchParams.get('per_page') ?? 10);
      const page = Number(url.searchParams.get('page') ?? 1);
      const all = [...fake.records.values()];
      const totalPages = Math.max(1, Math.ceil(all.length / size));
      // The list shows what an Open Place list shows: a summary without locations or contacts.
      const items = all.slice((page - 1) * size, page * size).map((r) => ({ id: r.id, name: r.name, status: r.status }));
      if (shape === 'v1') send(200, { totalElements: all.length, totalPages, number: page, size, first: page === 1, last: page >= totalPages, content: items });
      else send(200, { total_items: all.length, total_pages: totalPages, page_number: page, size, first_page: page === 1, last_page: page >= totalPages, empty: items.length === 0, contents: items });
      return;
    }
    if (detail) {
      const id = decodeURIComponent(detail[1]);
      if (fake.tooManyOnce.delete(id)) return send(429, { message: 'slow down' }, { 'retry-after': '1' });
      if (fake.failOnce.delete(id) || fake.alwaysFail.has(id)) return send(500, { message: 'oops' });
      const record = fake.records.get(id);
      return record ? send(200, record) : send(404, { message: 'not found' });
    }
    send(404, { message: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...fake,
    url: `http://127.0.0.1:${port}/api`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
