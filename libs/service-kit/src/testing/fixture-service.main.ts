import * as readline from 'node:readline';
import { defineSchema, loadConfigOrExit } from '@tsukimi/config';
import { bootstrapServiceOrExit } from '../bootstrap/bootstrap-service';
import { serviceSchema } from '../config/service-config.schema';
import { FixtureModule, FixtureState, fixtureGrpcServices } from './fixture.module';

/**
 * The fixture service as a process, the way a real service's main.ts looks. Tests steer it
 * through stdin: `release` opens the latch that held requests and streams wait on.
 */
const schema = defineSchema({ ...serviceSchema({ httpPort: 0, grpcPort: 0, host: '127.0.0.1' }) });
const config = loadConfigOrExit(schema, { prefix: 'TSUKIMI_FIXTURE', command: 'fixture-service' });

void bootstrapServiceOrExit({ service: 'fixture', module: FixtureModule, config, grpc: { services: fixtureGrpcServices } }).then(
  (running) => {
    const state = running.app.get(FixtureState);
    readline.createInterface({ input: process.stdin }).on('line', (line) => {
      if (line === 'release') state.release.open();
    });
  },
);
