import { type ConfigurationOptions, type CoordinationV1Api, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import { type LeaseRecord, type LeaseRecordError, type LeaseRecordStore, type StoredLeaseRecord } from '@tsukimi/planner';
import { err, ok, type Result } from '@tsukimi/result';
import { isKubernetesCallTimeout, kubernetesCallTimeout } from '../kubernetes/kubernetes.call-timeout';
import { kubernetesClient } from '../kubernetes/kubernetes.client';

/** 409 is the API server's answer to a stale resourceVersion or an existing name: another candidate wrote first. */
function leaseError(what: string, error: unknown, timeoutMs: number): LeaseRecordError {
  if (error instanceof kubernetesClient().ApiException) return { code: error.code === 409 ? 'conflict' : 'unavailable', message: `${what}: the API server answered ${error.code}` };
  if (isKubernetesCallTimeout(error)) return { code: 'unavailable', message: `${what}: the API server did not answer within ${timeoutMs} ms` };
  return { code: 'unavailable', message: `${what}: ${error instanceof Error ? error.message : String(error)}` };
}

/** client-node hands MicroTime fields back as the API's strings (it has no deserialiser for them); a Date where it does. */
const msOf = (time: Date | string | undefined): number => (time === undefined ? 0 : new Date(time).getTime());

function recordOf(lease: V1Lease): StoredLeaseRecord {
  const spec = lease.spec ?? {};
  return {
    holderIdentity: spec.holderIdentity ?? '',
    leaseDurationSeconds: spec.leaseDurationSeconds ?? 0,
    acquireTimeMs: msOf(spec.acquireTime),
    renewTimeMs: msOf(spec.renewTime),
    leaseTransitions: spec.leaseTransitions ?? 0,
    resourceVersion: lease.metadata?.resourceVersion ?? '',
  };
}

/**
 * One `coordination.k8s.io/v1` Lease through @kubernetes/client-node: get, create, and update
 * (a PUT naming the resourceVersion read, so a stale write is refused with 409) — the verbs the
 * chart grants on leases when this leader is chosen. Times are written as MicroTime (RFC 3339 with
 * microseconds), which the API server requires of acquireTime and renewTime. Each call is aborted
 * after `callTimeoutMs` (`leaseCallTimeoutMs`): an API server that never answers is unavailable in
 * time for the renewal to end, so the holder's own clock retires it and a later renewal can retry.
 */
export class KubernetesLeaseRecords implements LeaseRecordStore {
  private readonly api: CoordinationV1Api;
  private readonly timeout: ConfigurationOptions;

  constructor(
    kubeConfig: KubeConfig,
    private readonly namespace: string,
    private readonly name: string,
    private readonly callTimeoutMs: number,
  ) {
    this.api = kubeConfig.makeApiClient(kubernetesClient().CoordinationV1Api);
    this.timeout = kubernetesCallTimeout(callTimeoutMs);
  }

  async read(): Promise<Result<StoredLeaseRecord | undefined, LeaseRecordError>> {
    try {
      return ok(recordOf(await this.api.readNamespacedLease({ name: this.name, namespace: this.namespace }, this.timeout)));
    } catch (error) {
      if (error instanceof kubernetesClient().ApiException && error.code === 404) return ok(undefined);
      return err(leaseError(this.what(), error, this.callTimeoutMs));
    }
  }

  async create(record: LeaseRecord): Promise<Result<StoredLeaseRecord, LeaseRecordError>> {
    try {
      return ok(recordOf(await this.api.createNamespacedLease({ namespace: this.namespace, body: this.lease(record) }, this.timeout)));
    } catch (error) {
      return err(leaseError(this.what(), error, this.callTimeoutMs));
    }
  }

  async replace(record: LeaseRecord, resourceVersion: string): Promise<Result<StoredLeaseRecord, LeaseRecordError>> {
    try {
      return ok(recordOf(await this.api.replaceNamespacedLease({ name: this.name, namespace: this.namespace, body: this.lease(record, resourceVersion) }, this.timeout)));
    } catch (error) {
      return err(leaseError(this.what(), error, this.callTimeoutMs));
    }
  }

  private lease(record: LeaseRecord, resourceVersion?: string): V1Lease {
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: this.name, namespace: this.namespace, ...(resourceVersion === undefined ? {} : { resourceVersion }) },
      spec: {
        holderIdentity: record.holderIdentity,
        leaseDurationSeconds: record.leaseDurationSeconds,
        acquireTime: new (kubernetesClient().V1MicroTime)(record.acquireTimeMs),
        renewTime: new (kubernetesClient().V1MicroTime)(record.renewTimeMs),
        leaseTransitions: record.leaseTransitions,
      },
    };
  }

  private what(): string {
    return `leases/${this.name} in ${this.namespace}`;
  }
}
