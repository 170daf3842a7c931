import * as path from 'node:path';
import { startupSides } from './startup.sides';

describe('startup sides', () => {
  const sides = startupSides('/repo', '/tmp/out');

  it('start the same service: the build of the source the registered sides run', () => {
    const entries = sides.map((side) => path.relative(side.name === 'compiled' ? '/tmp/out' : '/repo', side.entry).replace(/\.[jt]s$/, ''));
    expect(new Set(entries)).toEqual(new Set(['apps/kvpool/src/main']));
    expect(sides.map((side) => path.extname(side.entry))).toEqual(['.js', '.ts', '.ts']);
  });

  it('differ in the environment only by turning the compile cache off', () => {
    expect(sides.map((side) => side.env)).toEqual([{}, {}, { TSUKIMI_COMPILE_CACHE: 'off' }]);
  });
});
