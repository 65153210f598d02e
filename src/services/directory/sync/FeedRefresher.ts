/**
 * Keeps the directory in step with the live feeds in DIRECTORY_FEEDS: a minute after the server starts, then every
 * DIRECTORY_REFRESH_HOURS, each feed is synced in turn (syncFeed). One run at a time; a feed that fails is logged and
 * tried again at the next refresh (syncFeed never makes anything inactive when a feed cannot be listed). Logs carry
 * counts only.
 */
import type { Logger } from '../../../logging';
import type { DirectoryRepository } from '../DirectoryService';
import { syncFeed, type SyncOptions, type SyncReport } from './syncFeed';

export interface FeedRefresherOptions {
  directory: DirectoryRepository;
  feeds: string[];
  refreshHours: number;
  logger?: Logger;
  /** Delay before the first run (default one minute). */
  firstDelayMs?: number;
  /** Passed to syncFeed (tests). */
  sync?: Partial<SyncOptions>;
}

export class FeedRefresher {
  private timer?: NodeJS.Timeout;
  private running?: Promise<SyncReport[]>;
  private stopped = false;

  constructor(private readonly options: FeedRefresherOptions) {}

  start(): void {
    if (this.options.feeds.length === 0 || this.timer) return;
    this.stopped = false;
    this.schedule(this.options.firstDelayMs ?? 60_000);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.runOnce().finally(() => this.schedule(this.options.refreshHours * 60 * 60 * 1000));
    }, ms);
    this.timer.unref();
  }

  /** Syncs every feed once, in turn (a run already going is joined, not doubled). */
  runOnce(): Promise<SyncReport[]> {
    this.running ??= (async () => {
      const reports: SyncReport[] = [];
      for (const baseUrl of this.options.feeds) {
        if (this.stopped) break;
        try {
          const report = await syncFeed(this.options.directory, { ...this.options.sync, baseUrl });
          reports.push(report);
          this.options.logger?.info({ event: 'directory-feed-synced', dataset: report.dataset, listed: report.listed, inserted: report.inserted, updated: report.updated, deactivated: report.deactivated.length, failed: report.failed.length }, 'directory feed synced');
        } catch (error) {
          this.options.logger?.warn({ event: 'directory-feed-failed', feed: baseUrl, errorType: (error as Error)?.name, message: (error as Error)?.message }, 'could not sync a directory feed; will try again at the next refresh');
        }
      }
      return reports;
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }
}
