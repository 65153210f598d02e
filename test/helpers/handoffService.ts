/** A real HandoffService over a store, for tests whose patients need not be reached (no channel registered). */
import { PatientChannels } from '../../src/services/handoff/PatientChannels';
import { HandoffService, type HandoffServiceDeps } from '../../src/services/handoff/HandoffService';
import type { Stores } from '../../src/storage/Stores';

const quiet = { info: () => undefined, warn: () => undefined };

export function handoffServiceOver(stores: Pick<Stores, 'handoffs' | 'referrals' | 'audit'>, deps: Partial<HandoffServiceDeps> = {}): HandoffService {
  return new HandoffService({ queue: stores.handoffs, referrals: stores.referrals, channels: new PatientChannels(), audit: stores.audit, logger: quiet, ...deps });
}
