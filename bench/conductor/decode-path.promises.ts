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
 * same code) and CPU microseconds per stream (hook off; noisy, a median of rounds), beside the
 * same stream read bare (`RelayStream.next`, no gateway) in alternate rounds, and the difference:
 * what the gateway's layers cost above the harness.
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

/** The same relay stream read bare (`RelayStream.next`, no gateway, no decoding): the harness's own cost, which the gateway's figure includes. */
async function readBare(clients: InstanceClients): Promise<number> {
  const stream = clients.relay.open('127.0.0.1', 1, Buffer.alloc(0));
  let messages = 0;
  for (;;) {
    const event = await stream.next();
    if (event.kind !== 'message') throw new Error('the bare stream ended before its last message');
    if (++messages === frames.length) return messages - 1;
  }
}

async function streams(read: () => Promise<number>, n: number): Promise<void> {
  for (let i = 0; i < n; i++) if ((await read()) !== TOKENS) throw new Error('a stream lost tokens');
}

/** CPU microseconds a stream over `n` streams. */
async function cpuUsPerStream(read: () => Promise<number>, n: number): Promise<number> {
  const start = process.cpuUsage();
  await streams(read, n);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / n;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

async function main(): Promise<void> {
  const decode = gateway();
  const viaGateway = () => readStream(decode);
  const bareClients = relayClients();
  const bare = () => readBare(bareClients);
  await streams(viaGateway, WARM_STREAMS);
  await streams(bare, WARM_STREAMS);
  let promises = 0;
  const hook = createHook({ init: (_id, type) => void (type === 'PROMISE' && promises++) });
  hook.enable();
  await streams(viaGateway, COUNTED_STREAMS);
  hook.disable();
  // Gateway and bare rounds in turn, so that both see the same load.
  const gatewayUs: number[] = [];
  const bareUs: number[] = [];
  const aboveBareUs: number[] = [];
  for (let round = 0; round < TIMED_ROUNDS; round++) {
    gatewayUs.push(await cpuUsPerStream(viaGateway, TIMED_STREAMS));
    bareUs.push(await cpuUsPerStream(bare, TIMED_STREAMS));
    aboveBareUs.push(gatewayUs[round]! - bareUs[round]!);
  }
  const perStream = promises / COUNTED_STREAMS;
  process.stdout.write(
    `${JSON.stringify({
      tokens_per_stream: TOKENS,
      promises_per_stream: perStream,
      promises_per_token: Math.round((perStream / TOKENS) * 100) / 100,
      cpu_us_per_stream_median: Math.round(median(gatewayUs)),
      bare_cpu_us_per_stream_median: Math.round(median(bareUs)),
      above_bare_cpu_us_per_stream_median: Math.round(median(aboveBareUs)),
    })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`decode path bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
