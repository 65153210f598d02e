/**
 * Serves a fixed list of files (no paths from the request ever reach the file system), each with a content type,
 * an ETag, gzip when the browser takes it, and the page's security headers. Files are read once and kept in memory
 * until they change on disk.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Request, Response } from 'restify';
import { setSecurityHeaders, type PagePolicy } from './securityHeaders';

export interface AssetSpec {
  file: string;
  contentType: string;
  /** Fills placeholders in a text file before it is served (and cached). */
  render?: (text: string) => string;
}

interface Loaded {
  mtimeMs: number;
  body: Buffer;
  gzip?: Buffer;
  etag: string;
}

const COMPRESS_ABOVE = 1024;
const gzipAsync = promisify(gzip);

export class StaticAssets {
  private readonly cache = new Map<string, Promise<Loaded>>();

  constructor(private readonly policy: PagePolicy) {}

  async serve(req: Request, res: Response, spec: AssetSpec): Promise<void> {
    const asset = await this.load(spec);
    setSecurityHeaders(res, this.policy);
    // The browser keeps a copy but asks each time; an unchanged file costs a 304.
    res.header('Cache-Control', 'no-cache');
    res.header('ETag', asset.etag);
    res.header('Vary', 'Accept-Encoding');
    if (req.headers['if-none-match'] === asset.etag) {
      res.writeHead(304);
      res.end();
      return;
    }
    const gzip = asset.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? asset.gzip! : asset.body;
    res.writeHead(200, {
      'Content-Type': spec.contentType,
      'Content-Length': body.length,
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  /** The file as served; read and compressed once per change (off the event loop), shared by concurrent requests. */
  private async load(spec: AssetSpec): Promise<Loaded> {
    const { mtimeMs } = await stat(spec.file);
    const cached = this.cache.get(spec.file);
    if (cached) {
      const loaded = await cached;
      if (loaded.mtimeMs === mtimeMs) return loaded;
    }
    const loading = this.read(spec, mtimeMs);
    this.cache.set(spec.file, loading);
    loading.catch(() => this.cache.delete(spec.file));
    return loading;
  }

  private async read({ file, render }: AssetSpec, mtimeMs: number): Promise<Loaded> {
    const raw = await readFile(file);
    const body = render ? Buffer.from(render(raw.toString('utf8'))) : raw;
    return {
      mtimeMs,
      body,
      gzip: body.length > COMPRESS_ABOVE ? await gzipAsync(body) : undefined,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    };
  }
}
