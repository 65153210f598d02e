/**
 * A file of JSON lines that only grows between compactions, held open for appending. Lines appended while a write is
 * under way wait and go out together in the next write (group commit), so 50 conversations writing at once cost a few
 * write calls, not 50 opens, writes and closes. A line is acknowledged (its promise resolves) only once the write that
 * holds it has returned: like nedb's appends, it is then in the operating system's hands and survives the process
 * being killed (kill -9); like nedb, it is not fsync'ed on every write, so a power cut may lose the last moments.
 * A failed write is cut off again (the file is truncated back to its last good length) and rejected, so a half line
 * never sits between good ones. Compaction rewrites the file whole the way nedb does it (a temporary file, fsync,
 * rename, fsync of the folder), in turn with the writes.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { cutTornLastLine } from './datafile';

interface Pending {
  text: string;
  /** Runs once the line is written, before anything written after it is acknowledged. */
  written?: () => void;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class AppendLog {
  private queue: Pending[] = [];
  private rewrites: { lines: () => string[]; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private running: Promise<void> | undefined;
  private closed = false;
  /** A failed write may have left part of a line: cut back to `size` before writing again. */
  private torn = false;

  private constructor(
    readonly filename: string,
    private handle: fs.FileHandle,
    private size: number,
  ) {
    this.rewrittenSize = size;
  }

  /** The file's size after the last rewrite (or at opening). */
  private rewrittenSize: number;

  /** True once the lines appended since the last rewrite reach both minBytes and the size the file had after it. */
  outgrown(minBytes: number): boolean {
    const appended = this.size - this.rewrittenSize;
    return appended >= minBytes && appended >= this.rewrittenSize;
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

  /** Appends one or more lines (no newlines inside); resolves once they are written. */
  append(lines: string[], written?: () => void): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`${this.filename} is closed`));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ text: lines.map((line) => `${line}\n`).join(''), written, resolve, reject });
      this.kick();
    });
  }

  /** Replaces the file with `lines()` (worked out when its turn comes, after every earlier append is written). */
  rewrite(lines: () => string[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`${this.filename} is closed`));
    return new Promise<void>((resolve, reject) => {
      this.rewrites.push({ lines, resolve, reject });
      this.kick();
    });
  }

  /** Writes what is waiting, then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.running;
    await this.handle.close();
  }

  private kick(): void {
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
      if (this.queue.length > 0 || this.rewrites.length > 0) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 || this.rewrites.length > 0) {
      if (this.queue.length > 0) await this.writeBatch(this.queue.splice(0));
      else await this.runRewrite(this.rewrites.shift()!);
    }
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    const buffer = Buffer.from(batch.map((p) => p.text).join(''), 'utf8');
    try {
      if (this.torn) {
        await this.handle.truncate(this.size);
        this.torn = false;
      }
      let done = 0;
      while (done < buffer.length) done += (await this.handle.write(buffer, done, buffer.length - done)).bytesWritten;
      this.size += buffer.length;
    } catch (error) {
      this.torn = true;
      await this.handle
        .truncate(this.size)
        .then(() => (this.torn = false))
        .catch(() => undefined);
      for (const p of batch) p.reject(error);
      return;
    }
    for (const p of batch) {
      try {
        p.written?.();
        p.resolve();
      } catch (error) {
        p.reject(error);
      }
    }
  }

  private async runRewrite(job: { lines: () => string[]; resolve: () => void; reject: (error: unknown) => void }): Promise<void> {
    try {
      const temp = `${this.filename}~`;
      const out = await fs.open(temp, 'w');
      try {
        const lines = job.lines();
        await out.writeFile(lines.length > 0 ? `${lines.join('\n')}\n` : '', 'utf8');
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
      job.resolve();
    } catch (error) {
      job.reject(error);
    }
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
