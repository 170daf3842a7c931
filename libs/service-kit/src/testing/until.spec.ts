import * as net from 'node:net';
import { freePort } from './free-port';
import { until } from './until';

describe('until', () => {
  it.each([
    ['true', [false, false, true], true],
    ['a value after undefined', [undefined, 7], 7],
    ['0, which is an answer', [0], 0],
    ['empty text, which is an answer', [''], ''],
    ['null, which is an answer', [null], null],
  ])('resolves with the first answer that is not false or undefined: %s', async (_, answers, expected) => {
    let call = 0;
    await expect(until('the answer', () => answers[call++], 1_000, 1)).resolves.toBe(expected);
  });

  it('waits on an async condition', async () => {
    let calls = 0;
    await expect(until('three calls', async () => ++calls >= 3, 1_000, 1)).resolves.toBe(true);
    expect(calls).toBe(3);
  });

  it('rejects naming what it waited for once the time is up', async () => {
    await expect(until('the moon', () => false, 30, 1)).rejects.toThrow('timed out after 30 ms waiting for the moon');
  });

  it('fails at once when the condition throws', async () => {
    let calls = 0;
    const failing = () => {
      calls += 1;
      throw new Error('broken probe');
    };
    await expect(until('a broken probe', failing, 1_000, 1)).rejects.toThrow('broken probe');
    expect(calls).toBe(1);
  });
});

describe('freePort', () => {
  it('gives a loopback port a server can then listen on', async () => {
    const port = await freePort();
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    expect((server.address() as net.AddressInfo).port).toBe(port);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
