import type { Bench } from './types';

/** Every benchmark `npm run bench` knows, in the order they run. Add yours here. */
export const BENCHES: Bench[] = [];
