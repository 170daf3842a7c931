import { load } from 'js-yaml';
import { CACHE_SALT_SECRET_MIN_BYTES, hashApiKey, parseApiKeyEntries } from '@tsukimi/conductor';
import { helmBinary } from './helm.binary';
import { conductorPodSpec, helmTemplateValues, type K8sObject } from './helm.render';
import { flagName, serviceFlags } from './service-flags';

type PodSpec = {
  containers: { args: string[]; volumeMounts?: { name: string; mountPath: string }[] }[];
  volumes?: { name: string; secret?: { secretName: string; items: { key: string; path: string }[] } }[];
};

let helm: string;

beforeAll(() => {
  helm = helmBinary();
});

function render(values: string): K8sObject[] {
  return helmTemplateValues(helm, 'api-keys', values);
}

const secret = (objects: readonly K8sObject[], name: string) => objects.find((o) => o.kind === 'Secret' && o.metadata.name === name);

/** Where the flag points, as the file a Secret's key is mounted at: [Secret name, key]. */
function mountedSecret(pod: PodSpec, flag: string): [string, string] {
  const arg = pod.containers[0]!.args.find((a) => a.startsWith(`${flag}=`));
  if (!arg) throw new Error(`no ${flag}`);
  const file = arg.slice(flag.length + 1);
  for (const mount of pod.containers[0]!.volumeMounts ?? []) {
    const volume = pod.volumes?.find((v) => v.name === mount.name);
    const item = volume?.secret?.items.find((i) => `${mount.mountPath}/${i.path}` === file);
    if (volume?.secret && item) return [volume.secret.secretName, item.key];
  }
  throw new Error(`${file} is on no mounted Secret`);
}

const HASH = hashApiKey('tsk-acme');

describe('the chart\'s API keys', () => {
  it('ships inline entries in a Secret the conductor reads as its keys file, with a generated salt secret beside it', async () => {
    const objects = render(`conductor:\n  apiKeys:\n    entries:\n      - {hash: ${HASH}, tenant: acme, group: docs, seeRouting: true}\n      - {hash: ${hashApiKey('tsk-beta')}, tenant: beta}\n`);
    const pod = conductorPodSpec<PodSpec>(objects);
    const accepted = await serviceFlags('conductor');
    for (const arg of pod.containers[0]!.args.filter((a) => a.startsWith('--api-keys') || a.startsWith('--cache-salt'))) expect(accepted.has(flagName(arg))).toBe(true);
    expect(pod.containers[0]!.args).not.toContain('--insecure-no-auth');

    const [keysName, keysKey] = mountedSecret(pod, '--api-keys-file');
    const keysFile = (secret(objects, keysName)?.['stringData'] as Record<string, string>)[keysKey]!;
    expect(parseApiKeyEntries(load(keysFile))).toEqual({
      ok: true,
      value: [
        { hash: HASH, tenant: 'acme', group: 'docs', seeRouting: true },
        { hash: hashApiKey('tsk-beta'), tenant: 'beta', seeRouting: false },
      ],
    });

    const [saltName, saltKey] = mountedSecret(pod, '--cache-salt-secret-file');
    expect(saltName).toBe('demo-tsukimi-cache-salt');
    const salt = Buffer.from((secret(objects, saltName)?.['data'] as Record<string, string>)[saltKey]!, 'base64');
    expect(salt.length).toBeGreaterThanOrEqual(CACHE_SALT_SECRET_MIN_BYTES);
  });

  it('mounts Secrets of the user\'s own instead, and makes none', () => {
    const objects = render('conductor:\n  apiKeys: {existingSecret: my-keys, secretKey: keys.json}\n  cacheSaltSecret: {existingSecret: my-salt, secretKey: salt}\n');
    const pod = conductorPodSpec<PodSpec>(objects);
    expect(mountedSecret(pod, '--api-keys-file')).toEqual(['my-keys', 'keys.json']);
    expect(mountedSecret(pod, '--cache-salt-secret-file')).toEqual(['my-salt', 'salt']);
    expect(objects.filter((o) => o.kind === 'Secret' && /api-keys|cache-salt/.test(o.metadata.name))).toEqual([]);
  });

  it('passes no keys by default, so the conductor refuses to serve the pod network, and --insecure-no-auth only when asked', async () => {
    const plain = conductorPodSpec<PodSpec>(render('{}')).containers[0]!.args;
    expect(plain.filter((a) => /^--(api-keys-file|cache-salt-secret-file|insecure-no-auth)/.test(a))).toEqual([]);
    expect(plain).toContain('--host=0.0.0.0');
    const open = conductorPodSpec<PodSpec>(render('conductor: {apiKeys: {insecureNoAuth: true}}')).containers[0]!.args;
    expect(open).toContain('--insecure-no-auth');
    expect((await serviceFlags('conductor')).has('--insecure-no-auth')).toBe(true);
  });

  it('refuses an entry holding the key itself rather than its hash, naming the field', () => {
    expect(() => render('conductor: {apiKeys: {entries: [{hash: tsk-acme, tenant: acme}]}}')).toThrow(/hash/);
  });
});
