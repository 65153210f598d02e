import type { Bench } from './types';
import { turnBench } from './turn';
import { nluBench } from './nlu';
import { matchBench } from './match';
import { directLineBench } from './directline';
import { storageBench } from './storage';
import { smsBench } from './sms';
import { reportsBench } from './reports';
import { queueBench } from './queue';
import { memoryBench } from './memory';

/** Every benchmark `npm run bench` knows, in the order they run. Add yours here. */
export const BENCHES: Bench[] = [
  turnBench,
  nluBench,
  matchBench,
  directLineBench,
  storageBench,
  smsBench,
  reportsBench,
  queueBench,
  memoryBench,
];
