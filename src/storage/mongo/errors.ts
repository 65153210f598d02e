/** MongoDB's duplicate key error (E11000), whichever layer raised it. */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number } | null)?.code === 11000;
}
