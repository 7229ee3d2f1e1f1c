import { FacegateError } from '@facegate/core';
import { ENROLL_HELP, enrollCommand } from './commands/enroll.js';
import { EVAL_HELP, evalCommand } from './commands/eval.js';
import { IDENTIFY_HELP, identifyCommand } from './commands/identify.js';
import { TRAIN_HEAD_HELP, trainHeadCommand } from './commands/train-head.js';
import { VERIFY_HELP, verifyCommand } from './commands/verify.js';
import { UsageError } from './options.js';

const USAGE = `facegate: face verification and identification

Usage: facegate COMMAND [options]

Commands:
  enroll     add people to a gallery file from their photos
  verify     1:1 check of a photo against a claimed identity
  identify   1:K search of every face in photos
  eval       accuracy on a pairs or identification protocol file
  train-head train a compact projection head with the triplet loss

Run 'facegate COMMAND --help' for a command's options.
Exit status: 0 when every input was processed, 1 when some input failed
(reported on stderr), 2 for a usage error or a fatal error.`;

const COMMANDS: Record<string, { run: (argv: string[]) => Promise<number>; help: string }> = {
  enroll: { run: enrollCommand, help: ENROLL_HELP },
  enrol: { run: enrollCommand, help: ENROLL_HELP },
  verify: { run: verifyCommand, help: VERIFY_HELP },
  identify: { run: identifyCommand, help: IDENTIFY_HELP },
  eval: { run: evalCommand, help: EVAL_HELP },
  'train-head': { run: trainHeadCommand, help: TRAIN_HEAD_HELP },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`facegate: unknown command "${name}"\n\n${USAGE}\n`);
    return 2;
  }

  try {
    return await command.run(rest);
  } catch (error) {
    // parseArgs reports unknown or malformed options with this code.
    const isParseError = (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS');
    if (error instanceof UsageError || isParseError) {
      process.stderr.write(`facegate ${name}: ${(error as Error).message}\nRun 'facegate ${name} --help' for usage.\n`);
      return 2;
    }
    if (error instanceof FacegateError || (error instanceof Error && error.name.endsWith('Error') && error.name !== 'Error')) {
      process.stderr.write(`facegate ${name}: ${(error as Error).name}: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
}

// A closed pipe (`facegate identify ... | head`) ends the output, not the process with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`facegate: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
