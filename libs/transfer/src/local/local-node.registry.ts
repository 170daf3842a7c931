import { err, ok, type Result } from '@tsukimi/result';
import { type BlockStore } from '../block-store.port';

/** A node served in this process, as the local transport sees it. */
export interface LocalNode {
  readonly store: BlockStore;
  /** Counts a request in flight; `lost` runs if the node is aborted before `end` is called. */
  begin(lost: () => void): { end(): void };
}

/** Handle to a node registered in a LocalNodeRegistry. */
export interface LocalRegistration {
  /** Unregisters at once (new requests are refused) and resolves when requests in flight have finished. */
  close(): Promise<void>;
  /** Unregisters at once and fails requests in flight with `connection-lost`, like a killed server. */
  abort(): void;
}

export interface DuplicateNodeError {
  readonly kind: 'node-exists';
  readonly nodeId: string;
}

/**
 * The nodes that local transports can reach without a socket, keyed by node id. One registry per
 * process wiring (passed in, never a module-level singleton), shared by its nodes and transports.
 */
export class LocalNodeRegistry {
  private readonly nodes = new Map<string, LocalNode>();

  register(nodeId: string, store: BlockStore): Result<LocalRegistration, DuplicateNodeError> {
    if (this.nodes.has(nodeId)) return err({ kind: 'node-exists', nodeId });
    const inFlight = new Set<() => void>();
    let drained: (() => void) | null = null;
    const node: LocalNode = {
      store,
      begin: (lost) => {
        inFlight.add(lost);
        return {
          end: () => {
            inFlight.delete(lost);
            if (inFlight.size === 0) drained?.();
          },
        };
      },
    };
    this.nodes.set(nodeId, node);
    const unregister = (): void => {
      if (this.nodes.get(nodeId) === node) this.nodes.delete(nodeId);
    };
    return ok({
      close: () => {
        unregister();
        return inFlight.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => (drained = resolve));
      },
      abort: () => {
        unregister();
        for (const lost of [...inFlight]) lost();
        inFlight.clear();
        drained?.();
      },
    });
  }

  lookup(nodeId: string): LocalNode | undefined {
    return this.nodes.get(nodeId);
  }
}
