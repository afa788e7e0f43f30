import { processIo } from './io';

// The SDK warns on stderr about Node < 22 once per process; the CLI's stderr is one line per error.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { runCli } from './main';

// Node ends a process whose top-level await can never settle (something awaited
// a promise nothing will resolve) with code 13 and no word (the 'exit' event
// sees the code in process.exitCode): say so in one line.
process.on('exit', (code) => {
  if (code === 13 || process.exitCode === 13) process.stderr.write('spaces-media: the command stopped before it finished (an internal error; the log has the details) [INTERNAL]\n');
});

process.exitCode = await runCli(process.argv.slice(2), processIo());
