import { closestName } from './closest-name';

describe('closestName', () => {
  const flags = ['--port', '--grpc-port', '--block-size-tokens', '--model-path', '--config'];

  it.each([
    ['--prot', '--port'],
    ['--grpcport', '--grpc-port'],
    ['--block-size', '--block-size-tokens'],
    ['--model', '--model-path'],
    ['--confg', '--config'],
    ['--zzzzzz', undefined],
    ['--p', undefined],
  ])('suggests for %s: %s', (name, suggestion) => {
    expect(closestName(name, flags)).toBe(suggestion);
  });
});
