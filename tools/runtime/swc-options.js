'use strict';
/**
 * The one set of SWC options used to run TypeScript sources, both by the runtime
 * require hook and by jest, so that tests execute exactly the code that ships.
 */
module.exports = function swcOptions(filename) {
  return {
    filename,
    sourceMaps: 'inline',
    module: { type: 'commonjs', strict: true, ignoreDynamic: true },
    jsc: {
      target: 'es2022',
      keepClassNames: true,
      parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    },
  };
};
