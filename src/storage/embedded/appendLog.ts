/**
 * A file of JSON lines that only grows between compactions, held open for appending. Each append is one write system
 * call made at once, synchronously: measured under 50 concurrent conversations, that beat queuing the write on
 * libuv's thread pool (whose completions wait behind every other turn's work on the event loop) by a quarter in
 * turns per second, and it costs tens of microseconds of a local disk's page cache. A line is acknowledged (its
 * promise resolves) only once the write has returned: like nedb's appends, it is then in the operating system's hands
 * and survives the process being killed (kill -9); like nedb, it is not fsync'ed on every write, so a power cut may
 * lose the last moments. A failed write is cut off again (the file is truncated back to its last good length) and
 * rejected, so a half line never sits between good ones. Compaction rewrites the file whole the way nedb does it (a
 * temporary file, fsync, rename, fsync of the folder); appends made meanwhile wait and are written, in order, to the
 * new file.
 */
import { ftruncateSync, promises as fs, writeSync } from 'node:fs';
import path from 'node:path';
import { cutTornLastLine } from './datafile';

interface Waiting {
  text: string;
  written?: () => void;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Rewrite {
  lines: () => string[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class AppendLog {
  /** Appends made while a rewrite runs. */
  private waiting: Waiting[] = [];
  private rewrites: Rewrite[] = [];
  private rewriting: Promise<void> | undefined;
  private closed = false;
  /** A failed write may have left part of a line: cut back to `size` before writing again. */
  private torn = false;
  /** The file's size after the last rewrite (or at opening). */
  private rewrittenSize: number;

  private constructor(
    readonly filename: string,
    private handle: fs.FileHandle,
    private size: number,
  ) {
    this.rewrittenSize = size;
  }

  /**
   * Opens (or creates) the file, cuts a torn last line (a write that never completed) and gives every line to
   * `replay` in order. Lines `replay` throws on are counted as corrupt; more than `corruptAlertThreshold` of them
   * (nedb's rule, 10%) refuses to open, leaving the file as it is.
   */
  static async open(filename: string, replay: (line: string) => void, corruptAlertThreshold = 0.1): Promise<AppendLog> {
    await fs.mkdir(path.dirname(filename), { recursive: true });
    await cutTornLastLine(filename);
    const text = await fs.readFile(filename, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    const lines = text.split('\n').filter((line) => line !== '');
    let corrupt = 0;
    for (const line of lines) {
      try {
        replay(line);
      } catch {
        corrupt += 1;
      }
    }
    if (lines.length > 0 && corrupt / lines.length > corruptAlertThreshold) {
      throw new Error(`The embedded store could not load ${filename}: ${Math.floor((100 * corrupt) / lines.length)}% of its lines are corrupt, more than ${Math.floor(100 * corruptAlertThreshold)}%; refusing to start so that nothing is lost.`);
    }
    const handle = await fs.open(filename, 'a');
    return new AppendLog(filename, handle, (await handle.stat()).size);
  }

  /** True once the lines appended since the last rewrite reach both minBytes and the size the file had after it. */
  outgrown(minBytes: number): boolean {
    const appended = this.size - this.rewrittenSize;
    return appended >= minBytes && appended >= this.rewrittenSize;
  }

  /**
   * Appends lines (no newlines inside) and resolves once they are written; `written` runs then, before anything
   * appended after them is written. During a rewrite they wait for it.
   */
  append(lines: string[], written?: () => void): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`${this.filename} is closed`));
    const text = lines.map((line) => `${line}\n`).join('');
    if (this.rewriting) return new Promise<void>((resolve, reject) => this.waiting.push({ text, written, resolve, reject }));
    try {
      this.write(text);
      written?.();
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Replaces the file with `lines()`, worked out when the rewrite starts (after every earlier append is written). */
  rewrite(lines: () => string[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`${this.filename} is closed`));
    const done = new Promise<void>((resolve, reject) => this.rewrites.push({ lines, resolve, reject }));
    this.rewriting ??= this.runRewrites();
    return done;
  }

  /** Lets a running rewrite finish, then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.rewriting;
    await this.handle.close();
  }

  private write(text: string): void {
    const buffer = Buffer.from(text, 'utf8');
    try {
      if (this.torn) {
        ftruncateSync(this.handle.fd, this.size);
        this.torn = false;
      }
      let done = 0;
      while (done < buffer.length) done += writeSync(this.handle.fd, buffer, done, buffer.length - done);
      this.size += buffer.length;
    } catch (error) {
      this.torn = true;
      try {
        ftruncateSync(this.handle.fd, this.size);
        this.torn = false;
      } catch {
        // Tried again before the next write.
      }
      throw error;
    }
  }

  private async runRewrites(): Promise<void> {
    for (;;) {
      const job = this.rewrites.shift();
      if (!job) {
        this.rewriting = undefined; // in the same step as finding nothing left, so no rewrite or append is stranded
        return;
      }
      try {
        await this.replaceFile(job.lines);
        job.resolve();
      } catch (error) {
        job.reject(error);
      }
      // What waited goes to the file now in hand, in order, before the next rewrite reads what is written.
      for (const waiting of this.waiting.splice(0)) {
        try {
          this.write(waiting.text);
          waiting.written?.();
          waiting.resolve();
        } catch (error) {
          waiting.reject(error);
        }
      }
    }
  }

  private async replaceFile(lines: () => string[]): Promise<void> {
    const temp = `${this.filename}~`;
    const out = await fs.open(temp, 'w');
    try {
      const all = lines();
      await out.writeFile(all.length > 0 ? `${all.join('\n')}\n` : '', 'utf8');
      await out.sync();
    } finally {
      await out.close();
    }
    await fs.rename(temp, this.filename);
    await syncFolder(path.dirname(this.filename));
    const reopened = await fs.open(this.filename, 'a');
    const old = this.handle;
    this.handle = reopened;
    this.size = (await reopened.stat()).size;
    this.rewrittenSize = this.size;
    this.torn = false;
    await old.close();
  }
}

/** fsync of a folder, so a rename is on disk; some file systems cannot, which only matters in a power cut. */
async function syncFolder(folder: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(folder, 'r');
    await handle.sync();
  } catch (error) {
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EBADF'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle?.close();
  }
}
