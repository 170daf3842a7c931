import { createHook } from 'node:async_hooks';
import { circuitDecodeGateway, type DecodeCall, type DecodeGateway, DEFAULT_CIRCUIT_OPTIONS, InstanceCircuits } from '@tsukimi/conductor';
import { type DecodeEvent, decodeRelayCodec } from '@tsukimi/proto';
import { instanceId } from '@tsukimi/scheduler';
import { RelayStream, type StreamEvent } from '@tsukimi/transfer';
import { type InstanceClients } from '../../apps/conductor/src/gateways/instance-clients';
import { RelayDecodeGateway } from '../../apps/conductor/src/gateways/relay-decode.gateway';

/**
 * `node -r ./tools/runtime/register.js bench/conductor/decode-path.promises.ts`: what the
 * conductor's decode stream costs per streamed request on its own, from the relay's stream to the
 * pipeline's read of each event: the relay decode gateway inside the circuit gateway, as the
 * conductor wires them, read as `DecodePhase` reads it. No socket: each relay message is delivered
 * to a real `RelayStream` in its own turn of the event loop (as socket reads come), a start and then
 * 32 messages of one token each (the last with its finish reason), already encoded. Prints JSON:
 * promises created per stream (counted by an async hook: deterministic, the same every run of the
 * same code) and CPU microseconds per stream (hook off; noisy, a median of rounds).
 */
const TOKENS = 32;
const WARM_STREAMS = 2_000;
const COUNTED_STREAMS = 200;
const TIMED_ROUNDS = 7;
const TIMED_STREAMS = 2_000;

const codec = decodeRelayCodec();
const frames: StreamEvent[] = [
  message({ started: { instanceId: 'd1', loadedTokens: 64, computedTokens: 0 } }),
  ...Array.from({ length: TOKENS }, (_, i) => message({ tokens: { tokens: [{ token: 97 + (i % 26), text: 'a', ...(i === TOKENS - 1 ? { finishReason: 'length' } : {}) }] } })),
];

function message(event: DecodeEvent): StreamEvent {
  return { kind: 'message', payload: codec.encodeEvent(event) };
}

const id = instanceId('127.0.0.1:1');
const call: DecodeCall = {
  requestId: 'r',
  promptTokens: Array.from({ length: 64 }, (_, i) => i),
  tenantSalt: '',
  generation: { maxTokens: TOKENS + 1, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [], ignoreEos: true },
  firstToken: 7,
  blockKeys: [],
};

/** A relay that hands each stream its frames, one a turn of the event loop. */
function relayClients(): InstanceClients {
  const relay = {
    open: () => {
      const stream = new RelayStream(1, () => undefined);
      let next = 0;
      const deliver = () => {
        stream.deliver(frames[next++]!);
        if (next < frames.length) setImmediate(deliver);
      };
      setImmediate(deliver);
      return stream;
    },
  };
  return { relayAddress: () => ({ host: '127.0.0.1', port: 1 }), relay } as unknown as InstanceClients;
}

function gateway(): DecodeGateway {
  const circuits = new InstanceCircuits(DEFAULT_CIRCUIT_OPTIONS, () => performance.now());
  circuits.track(id, 'decode');
  const unused: DecodeGateway = { decode: () => { throw new Error('the bench\'s relay gateway fell back to gRPC'); } };
  return circuitDecodeGateway(new RelayDecodeGateway(relayClients(), unused, 30_000, 30_000), circuits);
}

/** One stream read to its finish, as the pipeline's decode phase reads it; its token count. */
async function readStream(decode: DecodeGateway): Promise<number> {
  let tokens = 0;
  for await (const item of decode.decode(id, call, new AbortController().signal)) {
    if (!item.ok) throw new Error(`the stream failed: ${item.error.message}`);
    if (item.value.kind === 'started') continue;
    tokens++;
    if (item.value.token.finishReason) return tokens;
  }
  throw new Error('the stream ended without a finish reason');
}

async function streams(decode: DecodeGateway, n: number): Promise<void> {
  for (let i = 0; i < n; i++) if ((await readStream(decode)) !== TOKENS) throw new Error('a stream lost tokens');
}

async function main(): Promise<void> {
  const decode = gateway();
  await streams(decode, WARM_STREAMS);
  let promises = 0;
  const hook = createHook({ init: (_id, type) => void (type === 'PROMISE' && promises++) });
  hook.enable();
  await streams(decode, COUNTED_STREAMS);
  hook.disable();
  const cpuUs: number[] = [];
  for (let round = 0; round < TIMED_ROUNDS; round++) {
    const start = process.cpuUsage();
    await streams(decode, TIMED_STREAMS);
    const used = process.cpuUsage(start);
    cpuUs.push((used.user + used.system) / TIMED_STREAMS);
  }
  cpuUs.sort((a, b) => a - b);
  const perStream = promises / COUNTED_STREAMS;
  process.stdout.write(
    `${JSON.stringify({ tokens_per_stream: TOKENS, promises_per_stream: perStream, promises_per_token: Math.round((perStream / TOKENS) * 100) / 100, cpu_us_per_stream_median: Math.round(cpuUs[TIMED_ROUNDS >> 1]!), cpu_us_per_stream_min: Math.round(cpuUs[0]!) })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`decode path bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
