/**
 * Runs KubernetesLeaseRecords in a process of its own (client-node cannot load under jest), one
 * per candidate, each with the kubeconfig's user token set to the candidate's name so that the
 * fake API server can cut one candidate off: reads `{id, candidate, op, record, resourceVersion}`
 * JSON lines on stdin, answers each with `{id, result}` on stdout. KUBECONFIG names the API
 * server; argv[2] the namespace, argv[3] the Lease's name, argv[4] each call's timeout in ms.
 */
import * as fs from 'node:fs';
import { createInterface } from 'node:readline';
import { KubeConfig } from '@kubernetes/client-node';
import { type LeaseRecord } from '@tsukimi/planner';
import { KubernetesLeaseRecords } from '../src/planner/kubernetes.lease-records';

const [namespace = 'default', name = 'tsukimi-planner-leader', callTimeoutMs = '5000'] = process.argv.slice(2);
const kubeconfig = JSON.parse(fs.readFileSync(process.env['KUBECONFIG']!, 'utf8')) as { users: { user: { token: string } }[] };
const stores = new Map<string, KubernetesLeaseRecords>();

function storeOf(candidate: string): KubernetesLeaseRecords {
  let store = stores.get(candidate);
  if (!store) {
    kubeconfig.users[0]!.user.token = candidate;
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(JSON.stringify(kubeconfig));
    store = new KubernetesLeaseRecords(kubeConfig, namespace, name, Number(callTimeoutMs));
    stores.set(candidate, store);
  }
  return store;
}

interface Call {
  readonly id: number;
  readonly candidate: string;
  readonly op: 'read' | 'create' | 'replace';
  readonly record: LeaseRecord;
  readonly resourceVersion: string;
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const call = JSON.parse(line) as Call;
  const store = storeOf(call.candidate);
  const answer = call.op === 'read' ? store.read() : call.op === 'create' ? store.create(call.record) : store.replace(call.record, call.resourceVersion);
  void (answer as Promise<unknown>).then((result) => process.stdout.write(`${JSON.stringify({ id: call.id, result })}\n`));
});
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
