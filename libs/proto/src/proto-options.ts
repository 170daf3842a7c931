import { type Options } from '@grpc/proto-loader';

/**
 * How .proto messages map to JavaScript, shared by the loader and the type generator
 * (`npm run proto:gen`) so the generated types describe exactly what the loader produces.
 */
export const PROTO_LOADER_OPTIONS: Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};
