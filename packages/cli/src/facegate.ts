import { FacegateError } from '@facegate/core';
import { ENROLL_HELP, enrollCommand } from './commands/enroll.js';
import { EVAL_HELP, evalCommand } from './commands/eval.js';
import { IDENTIFY_HELP, identifyCommand } from './commands/identify.js';
import { TRAIN_HEAD_HELP, trainHeadCommand } from './commands/train-head.js';
import { LIST_HELP, listCommand } from './commands/list.js';
import { VERIFY_HELP, verifyCommand } from './commands/verify.js';
import { UsageError } from './options.js';

const USAGE = `facegate: face verification and identification

Usage: facegate COMMAND [options]

Commands:
  enroll     add people to a gallery file from their photos
  verify     1:1 check of a photo against a claimed identity
  identify   1:K search of every face in photos
  list       identities and template counts of a gallery file
  eval       accuracy on a pairs or identification protocol file
  train-head train a compact projection head with the triplet loss

Run 'facegate COMMAND --help' for a command's options.
Exit status: 0 when every input was processed, 1 when some input failed
(reported on stderr), 2 for a usage error or a fatal error.`;

const VERSION = 'facegate 0.1.0';

const COMMANDS: Record<string, { run: (argv: string[]) => Promise<number>; help: string }> = {
  enroll: { run: enrollCommand, help: ENROLL_HELP },
  enrol: { run: enrollCommand, help: ENROLL_HELP },
  verify: { run: verifyCommand, help: VERIFY_HELP },
  identify: { run: identifyCommand, help: IDENTIFY_HELP },
  list: { run: listCommand, help: LIST_HELP },
  eval: { run: evalCommand, help: EVAL_HELP },
  'train-head': { run: trainHeadCommand, help: TRAIN_HEAD_HELP },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (name === 'help' && rest[0] && COMMANDS[rest[0]]) {
    process.stdout.write(`${COMMANDS[rest[0]].help}\n`);
    return 0;
  }
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
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (error instanceof UsageError || code.startsWith('ERR_PARSE_ARGS')) {
      // parseArgs explains unknown options at length; its first sentence names the option.
      const message = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? (error as Error).message.split('. ')[0] : (error as Error).message;
      process.stderr.write(`facegate ${name}: ${message}\nRun 'facegate ${name} --help' for usage.\n`);
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

// `pnpm facegate` runs in the repository root; relative paths are meant from
// where the user typed the command, which pnpm passes as INIT_CWD.
if (process.env.npm_lifecycle_event === 'facegate' && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`facegate: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
