import { existsSync } from 'node:fs';
import path from 'node:path';

/** The project root (the folder holding package.json), whether running from src/ under ts-jest or from dist/. */
function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findRoot(__dirname);
export const projectPath = (...parts: string[]): string => path.join(PROJECT_ROOT, ...parts);
