import * as path from 'node:path';
import { ChildRpc } from './child-rpc.client';
import { type EchoRequest } from './testing/echo-child.protocol';

const ECHO_CHILD = path.resolve(__dirname, 'testing/echo-child.main.ts');

describe('ChildRpc with serveChildRpc', () => {
  let rpc: ChildRpc<EchoRequest>;

  beforeEach(() => {
    rpc = ChildRpc.spawn<EchoRequest>(ECHO_CHILD, ['--flag'], 'echo child');
  });

  afterEach(async () => {
    await rpc.close();
  });

  it.each([
    ['a string', 'héllo\nworld'],
    ['a string with line and paragraph separators', 'a\u2028b\u2029c'],
    ['a number', 42.5],
    ['a nested object', { tokens: [1, 2, 3], text: { special: true } }],
    ['null', null],
  ])('answers a call with its result: %s', async (_, value) => {
    await expect(rpc.call({ op: 'echo', value })).resolves.toEqual(value);
  });

  it('passes the spawn arguments to the child', async () => {
    await expect(rpc.call({ op: 'echo', value: 'argv' })).resolves.toEqual(['--flag']);
  });

  it('answers a handler that returns nothing with null', async () => {
    await expect(rpc.call({ op: 'nothing' })).resolves.toBeNull();
  });

  it('answers overlapping calls each with its own result', async () => {
    const values = Array.from({ length: 20 }, (_, i) => i);
    await expect(Promise.all(values.map((value) => rpc.call({ op: 'echo', value })))).resolves.toEqual(values);
  });

  it('rejects a call whose handler throws with the error message, and keeps serving', async () => {
    await expect(rpc.call({ op: 'fail', message: 'no such engine e1' })).rejects.toThrow(/^echo child: Error: no such engine e1/);
    await expect(rpc.call({ op: 'echo', value: 'after' })).resolves.toBe('after');
  });

  it.each([
    ['a llama.cpp log line', 'llama_context: n_ctx = 64'],
    ['an empty line', ''],
    ['JSON that is not an answer', '{"level":"info"}'],
  ])('skips stdout lines that are not answers: %s', async (_, line) => {
    await expect(rpc.call({ op: 'noise', line, value: 'through' })).resolves.toBe('through');
  });

  it('rejects the call in flight and those queued behind it when the child exits, with its exit status and stderr', async () => {
    const dying = rpc.call({ op: 'die', stderr: 'llama.cpp aborted: out of memory\n', code: 3 });
    const queued = rpc.call({ op: 'echo', value: 'never answered' });
    const expected = /^echo child exited \(code 3, signal null\): llama\.cpp aborted: out of memory$/;
    await expect(dying).rejects.toThrow(expected);
    await expect(queued).rejects.toThrow(expected);
    await expect(rpc.call({ op: 'echo', value: 'late' })).rejects.toThrow(expected);
  });

  it('keeps only the tail of a long stderr in the exit error', async () => {
    const stderr = `${'x'.repeat(10_000)}the last words`;
    const error = await rpc.call({ op: 'die', stderr, code: 1 }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/the last words$/);
    expect(message.length).toBeLessThan(4100);
  });

  it('closes the child by ending its stdin; later calls reject', async () => {
    await rpc.close();
    await expect(rpc.call({ op: 'echo', value: 'closed' })).rejects.toThrow(/^echo child exited \(code 0, signal null\)/);
  });
});
