import { processIo } from './io';

// The SDK warns on stderr about Node < 22 once per process; the CLI's stderr is one line per error.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { runCli } from './main';

process.exitCode = await runCli(process.argv.slice(2), processIo());
