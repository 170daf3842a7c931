import { InMemoryScale } from './in-memory.scale';
import { describeScalePortContract } from './scale-port.contract';

describeScalePortContract('in memory', async () => {
  const port = new InMemoryScale();
  const existing = [{ kind: 'Deployment', name: 'prefill' }, { kind: 'StatefulSet', name: 'kvpool' }] as const;
  for (const target of existing) port.create(target, 2);
  return { port, existing, initialReplicas: 2, missing: { kind: 'Deployment', name: 'absent' } };
});
