import { runConductorRosterContract } from './conductor-roster.contract';
import { MemoryConductorRoster } from './memory-conductor.roster';

runConductorRosterContract('memory', ({ lapseMs }) => {
  const roster = new MemoryConductorRoster({ lapseMs });
  return Promise.resolve({ roster, rival: roster });
});
