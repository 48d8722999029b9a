import { DefaultLogger, Runtime } from '@temporalio/worker';

// Workflow tests print the Temporal SDK's warnings and errors only.
Runtime.install({ logger: new DefaultLogger('WARN') });
