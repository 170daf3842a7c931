/**
 * Runs Kubernetes discovery in a process of its own (client-node is an ES module that jest's
 * module system cannot load) and prints the instance set as a JSON line after every change.
 * Reads its kubeconfig from KUBECONFIG; argv: prefill selector, decode selector, gRPC port, and
 * optionally the kvpool masters' selector, whose addresses it prints too; with each line, the Pod
 * name discovery records for each instance.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { instancePort, PoolMasters } from '@tsukimi/conductor';
import { type InstanceId, type InstanceRole } from '@tsukimi/scheduler';
import { silentLogger } from '@tsukimi/telemetry';
import { KubernetesDiscovery } from '../src/discovery/kubernetes.discovery';

const [prefill = '', decode = '', port = 'grpc', masterSelector] = process.argv.slice(2);
const instances = new Map<InstanceId, InstanceRole>();
const masters = new PoolMasters();
// `discovery` is set before any line is printed: lines come from its list and watch events.
const podNames = () => Object.fromEntries([...instances.keys()].map((id) => [id, discovery.podNameOf(id)]));
const httpAddresses = () => Object.fromEntries([...instances.keys()].map((id) => [id, discovery.httpAddressOf(id)]));
const print = (line: object) => process.stdout.write(`${JSON.stringify({ ...line, masters: masters.current(), podNames: podNames(), httpAddresses: httpAddresses() })}\n`);
masters.onChange(() => print({ instances: Object.fromEntries(instances) }));
const kubeConfig = new KubeConfig();
kubeConfig.loadFromDefault();
const discovery = new KubernetesDiscovery(
  kubeConfig,
  {
    add: (id, role) => {
      instances.set(id, role);
      print({ instances: Object.fromEntries(instances) });
    },
    remove: (id) => {
      instances.delete(id);
      print({ instances: Object.fromEntries(instances) });
    },
  },
  silentLogger,
  {
    namespace: 'tsukimi',
    selectors: { prefill, decode },
    port: instancePort(port),
    retryDelayMs: 50,
    ...(masterSelector ? { masters: { selector: masterSelector, port: instancePort(port), into: masters } } : {}),
  },
);
void discovery.start().then(() => print({ started: true, instances: Object.fromEntries(instances) }));
process.on('SIGTERM', () => void discovery.stop().then(() => process.exit(0)));
