import { httpGet, type ServiceProcess } from '@tsukimi/service-kit/testing';

interface PoolIndexCheck {
  readonly checks?: { readonly 'pool-index'?: { readonly details?: { readonly inStep?: boolean; readonly blocks?: number; readonly epoch?: string } } };
}

/** The pool index as a conductor's /readyz reports it: whether it follows the master now, how many blocks it holds, and of which log. */
export async function poolIndex(conductor: ServiceProcess): Promise<{ inStep: boolean; blocks: number; epoch: string }> {
  const details = (JSON.parse((await httpGet(conductor.httpPort, '/readyz')).body) as PoolIndexCheck).checks?.['pool-index']?.details;
  return { inStep: details?.inStep === true, blocks: details?.blocks ?? 0, epoch: details?.epoch ?? '' };
}
