import { connect, type Socket } from 'node:net';
import { expectOk } from '@tsukimi/result';
import { GatedBlockStore } from '../../testing/gated-block.store';
import { testBlock } from '../../testing/test-blocks';
import { waitFor } from '../../testing/wait-for';
import { tcpHarness } from '../../testing/tcp.harness';
import { runTransportContract } from '../../transport.contract';
import { encodeHello, encodeRead } from '../protocol/frame.encode';
import { TcpTransferServer } from '../server/tcp-transfer.server';
import { TcpTransport } from '../tcp.transport';
import { CHALLENGE_BYTES, newChallenge, nonceOf, proofOf, provesSecret } from './handshake.proof';
import { type SharedSecrets } from './shared-secret.port';

const OLD = 'old-token-0123456789abcdef';
const NEW = 'new-token-fedcba9876543210';
const secrets = (...tokens: string[]): SharedSecrets => ({ sending: () => tokens[0] as string, accepted: () => tokens });

runTransportContract('tcp with a handshake', () => tcpHarness(new TcpTransport({ connectionsPerEndpoint: 2, secrets: secrets(NEW) }), { secrets: secrets(OLD, NEW) }));

describe('handshake proof', () => {
  it('is an HMAC of the nonce that only the same secret reproduces, whichever accepted secret it is', () => {
    const { nonce, bytes } = newChallenge();
    expect(bytes).toHaveLength(CHALLENGE_BYTES);
    expect(nonceOf(bytes)?.equals(nonce)).toBe(true);
    expect(proofOf(NEW, nonce).includes(Buffer.from(NEW))).toBe(false);
    expect(provesSecret(secrets(OLD, NEW), nonce, proofOf(NEW, nonce))).toBe(true);
    expect(provesSecret(secrets(OLD, NEW), nonce, proofOf(OLD, nonce))).toBe(true);
    expect(provesSecret(secrets(OLD), nonce, proofOf(NEW, nonce))).toBe(false);
    expect(provesSecret(secrets(NEW), newChallenge().nonce, proofOf(NEW, nonce))).toBe(false);
    expect(provesSecret(secrets(NEW), nonce, proofOf(NEW, nonce).subarray(1))).toBe(false);
  });

  it.each([['TSKX', 32], ['TSKA', 31]])('is no challenge when it starts %s and is %i nonce bytes long', (magic, nonceBytes) => {
    expect(nonceOf(Buffer.concat([Buffer.from(magic), Buffer.alloc(nonceBytes)]))).toBeUndefined();
  });
});

describe('TcpTransferServer with secrets', () => {
  const block = testBlock(7, 4096);
  let server: TcpTransferServer;
  let store: GatedBlockStore;
  const transports: TcpTransport[] = [];
  const client = (tokens?: SharedSecrets): TcpTransport => {
    transports.push(new TcpTransport(tokens === undefined ? {} : { secrets: tokens }));
    return transports[transports.length - 1] as TcpTransport;
  };

  beforeEach(async () => {
    store = new GatedBlockStore();
    store.put(block.key, block.bytes);
    server = expectOk(await TcpTransferServer.listen({ store, port: 0, secrets: secrets(OLD), handshakeTimeoutMs: 2_000 }), 'listen');
  });
  afterEach(async () => {
    await Promise.all(transports.splice(0).map((transport) => transport.close()));
    await server.abort();
  });

  it('serves a client proving the secret (the contract above runs with two accepted, as during a rotation)', async () => {
    const read = await client(secrets(OLD)).read(server.endpoint('a'), [block.key], { timeoutMs: 5_000 });
    expect(read.ok && read.value[0]?.status).toBe('found');
    expect(server.stats().unauthenticatedConnectionsTotal).toBe(0);
  });

  it.each([
    ['a wrong secret', secrets(NEW)],
    ['no secret', undefined],
  ])('closes a client with %s before reading anything, and counts it', async (_name, tokens) => {
    const read = await client(tokens).read(server.endpoint('a'), [block.key], { timeoutMs: 3_000 });
    expect(read.ok).toBe(false);
    await waitFor('the refusal to be counted', () => server.stats().unauthenticatedConnectionsTotal === 1);
    expect(server.stats().readRequestsTotal).toBe(0);
  });

  it('reads no frame from a raw socket that sends a request in place of its proof', async () => {
    const socket: Socket = connect(server.port, '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.write(Buffer.concat([encodeHello(), encodeRead(1, [block.key]), Buffer.alloc(64)]));
    await new Promise((resolve) => socket.once('close', resolve));
    expect(Buffer.concat(received)).toHaveLength(CHALLENGE_BYTES);
    expect(server.stats()).toMatchObject({ unauthenticatedConnectionsTotal: 1, readRequestsTotal: 0, openConnections: 0 });
  });
});
