/**
 * Runs the Kubernetes scale adapter in a process of its own (client-node is an ES module that
 * jest's module system cannot load), with the pod deletion-cost adapter beside it: reads
 * `{id, op, target, replicas, pods}` JSON lines on stdin (op `mark` marks `pods`),
 * answers each with `{id, result}` on stdout. KUBECONFIG names the API server; argv[2] the namespace,
 * argv[3] each call's timeout in ms.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { type ScaleTarget } from '@tsukimi/planner';
import { createInterface } from 'node:readline';
import { KubernetesPodDeletionCost } from '../src/planner/kubernetes.pod-deletion-cost';
import { KubernetesScale } from '../src/planner/kubernetes.scale';

const kubeConfig = new KubeConfig();
kubeConfig.loadFromDefault();
const [namespace = 'default', callTimeoutMs = '5000'] = process.argv.slice(2);
const scale = new KubernetesScale(kubeConfig, namespace, Number(callTimeoutMs));
const podCosts = new KubernetesPodDeletionCost(kubeConfig, namespace, Number(callTimeoutMs));

interface Call {
  readonly id: number;
  readonly op: 'read' | 'write' | 'mark';
  readonly target: ScaleTarget;
  readonly replicas?: number;
  readonly pods?: readonly string[];
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const call = JSON.parse(line) as Call;
  const answer = call.op === 'read' ? scale.read(call.target) : call.op === 'mark' ? podCosts.mark(call.pods ?? []) : scale.write(call.target, call.replicas ?? 0);
  void (answer as Promise<unknown>).then((result) => process.stdout.write(`${JSON.stringify({ id: call.id, result })}\n`));
});
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
