import { existsSync } from 'node:fs';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { APP_CONFIG } from '../config/config.module.js';
import { requireTemporalAddress, type AppConfig } from '../config/config.schema.js';
import { connectTemporalWithin, temporalTlsFor } from './temporal-connect.js';
import { dataConverterFor } from './encryption.codec.js';
import { defaultWorkflowBundlePath, workflowInterceptorModules, workflowsSourcePath } from './workflow-source.js';

/** The activity functions the worker registers (the root module of the worker process provides them). */
export const WORKER_ACTIVITIES = Symbol('WORKER_ACTIVITIES');

/**
 * Owns the Temporal worker's whole life: connects (bounded wait), creates the worker, keeps the
 * `worker.run()` promise, and shuts it down once, on Nest's shutdown hook. If the worker stops on
 * its own with an error, the process exits non-zero rather than staying up with no poller.
 */
@Injectable()
export class TemporalWorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(TemporalWorkerHost.name);
  private connection?: NativeConnection;
  private worker?: Worker;
  private running?: Promise<void>;
  private shuttingDown = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WORKER_ACTIVITIES) private readonly activities: object,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Nest owns SIGINT/SIGTERM (enableShutdownHooks); the Temporal runtime must not install its own.
    const metricsAddress = this.config.temporal.workerMetricsAddress;
    Runtime.install({
      // The SDK's worker metrics (workflow tasks, local activities, sticky cache) for Prometheus, when asked.
      ...(metricsAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsAddress } } } } : {}),
      shutdownSignals: [],
      // The SDK's own log lines join ours as JSON.
      logger: new DefaultLogger('WARN', ({ level, message, meta }) => {
        process.stdout.write(`${JSON.stringify({ level: level.toLowerCase(), time: Date.now(), process: 'worker', context: 'temporal-sdk', msg: message, ...meta })}\n`);
      }),
    });
    const address = requireTemporalAddress(this.config);
    const tls = temporalTlsFor(this.config);
    this.connection = await connectTemporalWithin(
      () => NativeConnection.connect({ address, tls }),
      address,
      this.config.temporal.connectTimeoutMs,
      (m) => this.logger.warn(m),
    );
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.config.temporal.namespace,
      taskQueue: this.config.temporal.taskQueue,
      // The converter reads the refused payloads of the codec's strict mode, and the interceptors
      // (in the bundle, or bundled here from source) refuse what carries one.
      dataConverter: dataConverterFor(this.config),
      activities: this.activities,
      ...this.workflowCode(),
    });
    this.running = this.worker.run();
    this.running.then(
      () => {
        if (!this.shuttingDown) this.fail(new Error('worker stopped unexpectedly'));
      },
      (err: Error) => this.fail(err),
    );
    this.logger.log({ msg: 'worker polling', taskQueue: this.config.temporal.taskQueue, namespace: this.config.temporal.namespace });
  }

  private workflowCode(): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'interceptors'> {
    const bundle = this.config.temporal.workflowBundle ?? (this.config.production ? defaultWorkflowBundlePath : undefined);
    if (bundle) {
      if (!existsSync(bundle)) {
        throw new Error(`workflow bundle not found at ${bundle} (TEMPORAL_WORKFLOW_BUNDLE); run npm run build`);
      }
      // Built by infra/bundle-workflows.ts with the same interceptors and payload converter.
      return { workflowBundle: { codePath: bundle } };
    }
    return { workflowsPath: workflowsSourcePath(), interceptors: { workflowModules: workflowInterceptorModules() } };
  }

  private fail(err: Error): void {
    this.logger.fatal({ msg: 'Temporal worker failed; exiting', err: err.message });
    process.exit(1);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await this.connection?.close();
    this.logger.log('worker stopped');
  }
}
