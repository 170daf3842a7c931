import { Controller, Get, Inject, Injectable, Module, Res, type OnModuleInit } from '@nestjs/common';
import { type ServerResponse } from 'node:http';
import { type INestApplicationContext } from '@nestjs/common';
import { status, type sendUnaryData, type ServerUnaryCall, type ServerWritableStream } from '@grpc/grpc-js';
import { healthy, unhealthy, type Logger } from '@tsukimi/telemetry';
import { abortSignalOf } from '../grpc/grpc-call.signal';
import { type GrpcServiceBinding } from '../grpc/grpc-binding.model';
import { ReadinessRegistry } from '../health/readiness.registry';
import { Metrics } from '../metrics/metrics.service';
import { LOGGER } from '../module/service-kit.tokens';
import { fixtureDefinition, type CountReply, type CountRequest, type EchoReply, type EchoRequest } from './fixture.grpc';
import { Latch } from './latch';

/** What the tests steer: readiness, the release of held work, and whether a call saw cancellation. */
@Injectable()
export class FixtureState {
  ready = true;
  readonly release = new Latch();
  readonly cancelled = new Latch();
  /** Resolves `true` on release, `false` when `signal` aborts first. */
  async released(signal: AbortSignal): Promise<boolean> {
    const aborted = new Promise<false>((resolve) => signal.addEventListener('abort', () => resolve(false), { once: true }));
    const outcome = await Promise.race([this.release.wait().then(() => true as const), aborted]);
    if (!outcome) this.cancelled.open();
    return outcome;
  }
}

@Controller('fixture')
export class FixtureController {
  constructor(
    @Inject(FixtureState) private readonly state: FixtureState,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get('work')
  work(): { readonly ok: true } {
    this.metrics.get('tsukimi_conductor_requests_total').inc({ status_code: '200' });
    return { ok: true };
  }

  @Get('slow')
  async slow(): Promise<{ readonly done: true }> {
    this.logger.info('fixture request held');
    await this.state.release.wait();
    return { done: true };
  }

  /** An event stream written to the raw response, as the conductor streams tokens: headers go out first. */
  @Get('stream')
  async stream(@Res() reply: { readonly raw: ServerResponse }): Promise<void> {
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream' });
    reply.raw.write('data: 0\n\n');
    await this.state.release.wait();
    reply.raw.end('data: [DONE]\n\n');
  }
}

/** Counts above this end the stream with a status that echoes one character per count asked for. */
const COUNT_LIMIT = 10_000;

@Injectable()
export class FixtureGrpcHandlers {
  constructor(
    @Inject(FixtureState) private readonly state: FixtureState,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async echo(call: ServerUnaryCall<EchoRequest, EchoReply>, callback: sendUnaryData<EchoReply>): Promise<void> {
    if (call.request.text === 'fail') throw new Error('fixture failure');
    if (call.request.text.startsWith('refuse:')) return callback({ code: status.INVALID_ARGUMENT, details: `refused ${call.request.text}` });
    if (call.request.text === 'hold' && !(await this.state.released(abortSignalOf(call)))) return;
    callback(null, { text: call.request.text });
  }

  async count(call: ServerWritableStream<CountRequest, CountReply>): Promise<void> {
    const signal = abortSignalOf(call);
    if (call.request.count > COUNT_LIMIT) return void call.emit('error', { code: status.OUT_OF_RANGE, details: `count ${call.request.count} over ${COUNT_LIMIT}: ${'?'.repeat(call.request.count)}` });
    for (let index = 0; index < call.request.count; index++) {
      if (index === 1 && call.request.hold) {
        this.logger.info('fixture stream held');
        if (!(await this.state.released(signal))) return;
      }
      call.write({ index });
    }
    call.end();
  }
}

@Injectable()
class FixtureReadiness implements OnModuleInit {
  constructor(
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
    @Inject(FixtureState) private readonly state: FixtureState,
  ) {}

  onModuleInit(): void {
    this.readiness.register('fixture', () => (this.state.ready ? healthy() : unhealthy('fixture not ready')));
  }
}

/** A tiny service for the kit's tests: HTTP routes, a readiness check and a gRPC service. */
@Module({ controllers: [FixtureController], providers: [FixtureState, FixtureGrpcHandlers, FixtureReadiness] })
export class FixtureModule {}

export function fixtureGrpcServices(app: INestApplicationContext): GrpcServiceBinding[] {
  const handlers = app.get(FixtureGrpcHandlers);
  return [
    {
      definition: fixtureDefinition,
      // One method by its camelCase name, one by its proto name: services may use either.
      implementation: { echo: handlers.echo.bind(handlers), Count: handlers.count.bind(handlers) },
    },
  ];
}
