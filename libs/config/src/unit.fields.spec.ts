import { formatByteSize, parseByteSize } from './byte-size.field';
import { formatDurationMs, parseDurationMs } from './duration.field';
import { formatAddress, parseAddress } from './address.field';
import { field } from './fields';

describe('durations', () => {
  it.each([
    ['250ms', 250],
    ['10s', 10_000],
    ['1.5s', 1_500],
    ['1.1s', 1_100],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['0', 0],
    ['1500', 1_500],
    [' 30s ', 30_000],
  ])('parses %j as %d ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each(['', 'abc', '-5s', '1.5', '0.5ms', '1m30s', '10 s', '10S', '3d', 's'])('refuses %j', (text) => {
    expect(parseDurationMs(text)).toBeUndefined();
  });

  it.each([
    [0, '0ms'],
    [250, '250ms'],
    [1_500, '1500ms'],
    [90_000, '90s'],
    [120_000, '2m'],
    [7_200_000, '2h'],
  ])('renders %d ms as %s', (ms, text) => {
    expect(formatDurationMs(ms)).toBe(text);
  });

  it('checks range and accepts milliseconds as a JSON number', () => {
    const timeout = field.duration({ min: 1_000, max: 60_000, default: 10_000, description: 'timeout' });
    expect(timeout.fromJson(2_500)).toEqual({ ok: true, value: 2_500 });
    expect(timeout.fromJson('5s')).toEqual({ ok: true, value: 5_000 });
    expect(timeout.fromText('500ms')).toEqual({
      ok: false,
      error: 'expected a duration in 1s..1m (250ms, 10s, 2m, 1h, or whole ms), got "500ms"',
    });
    expect(timeout.fromJson(-1)).toEqual({ ok: false, error: expect.stringContaining('got -1') });
  });
});

describe('byte sizes', () => {
  it.each([
    ['1000000', 1_000_000],
    ['512B', 512],
    ['64KiB', 65_536],
    ['512MiB', 536_870_912],
    ['2GiB', 2_147_483_648],
    ['1.5GiB', 1_610_612_736],
    ['2Gi', 2_147_483_648],
    ['1TiB', 1_099_511_627_776],
    ['1.5GB', 1_500_000_000],
    ['1.1KB', 1_100],
    ['64kb', 64_000],
    ['512 mib', 536_870_912],
    ['0', 0],
  ])('parses %j as %d bytes', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  it.each(['', 'abc', '-1', '1.5', '2G', '2K', '1.0000001KB', '0.5B', '1EiB', '10 GiB extra', '99999999TiB'])('refuses %j', (text) => {
    expect(parseByteSize(text)).toBeUndefined();
  });

  it.each([
    [0, '0'],
    [1_000, '1KB'],
    [1_536, '1536'],
    [65_536, '64KiB'],
    [536_870_912, '512MiB'],
    [1_500_000_000, '1500MB'],
    [1_000_001, '1000001'],
  ])('renders %d bytes as %s', (bytes, text) => {
    expect(formatByteSize(bytes)).toBe(text);
  });

  it('checks range', () => {
    const arena = field.byteSize({ min: 1024 ** 2, default: 256 * 1024 ** 2, description: 'arena' });
    expect(arena.fromJson(4_194_304)).toEqual({ ok: true, value: 4_194_304 });
    expect(arena.fromText('64KiB')).toEqual({
      ok: false,
      error: 'expected a byte size >= 1MiB (1000000, 64KiB, 512MiB, 2Gi, 1.5GB), got "64KiB"',
    });
  });
});

describe('addresses', () => {
  it.each([
    ['127.0.0.1:7000', { host: '127.0.0.1', port: 7000 }],
    ['kvpool-master.tsukimi.svc:50051', { host: 'kvpool-master.tsukimi.svc', port: 50051 }],
    ['localhost:0', { host: 'localhost', port: 0 }],
    ['[::1]:9000', { host: '::1', port: 9000 }],
    ['[fe80::1%eth0]:80', { host: 'fe80::1%eth0', port: 80 }],
  ])('parses %j', (text, address) => {
    expect(parseAddress(text)).toEqual(address);
    expect(formatAddress(address)).toBe(text);
  });

  it.each(['', 'localhost', ':7000', 'localhost:', '::1:9000', 'host:port', 'a b:1', 'http://h:1'])('refuses %j', (text) => {
    expect(parseAddress(text)).toBeUndefined();
  });

  it('refuses a port out of range', () => {
    const master = field.address({ description: 'master' });
    expect(master.fromText('h:65536')).toEqual({ ok: false, error: 'expected host:port with a port in 0..65535, got "h:65536"' });
    expect(master.fromJson({ host: 'h', port: 1 })).toEqual({ ok: false, error: expect.stringContaining('got {"host":"h","port":1}') });
  });
});

describe('lists', () => {
  const peers = field.list({ default: [], description: 'peers' });
  const roles = field.list({ nonEmpty: true, description: 'roles' });

  it.each([
    ['a,b', ['a', 'b']],
    [' a , b ', ['a', 'b']],
    ['single', ['single']],
    ['', []],
  ])('parses %j', (text, items) => {
    expect(peers.fromText(text)).toEqual({ ok: true, value: items });
  });

  it('reads a JSON array or comma-separated text from the file', () => {
    expect(peers.fromJson(['x', 'y'])).toEqual({ ok: true, value: ['x', 'y'] });
    expect(peers.fromJson('x,y')).toEqual({ ok: true, value: ['x', 'y'] });
  });

  it.each([
    [peers, 'a,,b', 'expected a comma-separated list of non-empty strings, got "a,,b"'],
    [peers, ['a', 1], 'expected a comma-separated list of non-empty strings, got ["a",1]'],
    [roles, '', 'expected a comma-separated list of one or more non-empty strings, got ""'],
  ])('refuses %#', (f, raw, problem) => {
    const result = typeof raw === 'string' ? f.fromText(raw) : f.fromJson(raw);
    expect(result).toEqual({ ok: false, error: problem });
  });
});
