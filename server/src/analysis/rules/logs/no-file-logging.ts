import { defineRule } from '../../rule';
import { typescriptCheck } from './no-file-logging.typescript';
import { dockerfileCheck } from './no-file-logging.dockerfile';

export default defineRule({
  meta: {
    id: 'logs/no-file-logging',
    factor: 11,
    description: 'Logs are written as an event stream to stdout/stderr, not to files the app manages.',
    defaultSeverity: 'warning',
    // In tests and fixtures: test tooling that keeps a log file is not the service.
    testFileSeverity: 'off',
    languages: ['typescript', 'dockerfile'],
    fixable: true,
    messages: {
      winstonFileTransport:
        "winston's {{transport}} transport writes logs to a file the app manages: a twelve-factor app writes its event stream to stdout and lets the environment route it (factor XI). Use a Console transport.",
      pinoFileDestination:
        'pino writes logs to {{target}} on disk: a twelve-factor app writes its event stream to stdout and lets the environment route it (factor XI). Use pino.destination(1) or the default.',
      bunyanFileStream:
        'This bunyan stream writes logs to a file: a twelve-factor app writes its event stream to stdout and lets the environment route it (factor XI). Use { stream: process.stdout }.',
      log4jsFileAppender:
        "log4js '{{type}}' appender writes logs to a file: a twelve-factor app writes its event stream to stdout and lets the environment route it (factor XI). Use a 'stdout' appender.",
      morganFileStream:
        'morgan writes access logs to a file stream: a twelve-factor app writes its event stream to stdout and lets the environment route it (factor XI). Drop the stream option.',
      logFileWrite:
        '{{call}}() writes log output to "{{path}}": a twelve-factor app writes its event stream to stdout and lets the environment route it (factor XI). Write to process.stdout instead.',
      consoleToFile:
        'This Console writes to a file stream: a twelve-factor app writes its event stream to stdout and lets the environment route it (factor XI). Use the global console.',
      rotatingFileStream:
        '{{library}} writes logs to rotating files the app manages: a twelve-factor app writes its event stream to stdout and lets the environment route, store and rotate it (factor XI). Write to process.stdout instead.',
      consoleReassigned:
        "{{target}} is replaced by a function that writes to a file: the app's output no longer reaches stdout, where a twelve-factor app writes its event stream for the environment to route (factor XI). Keep the default console.",
      pipeToFile:
        "{{source}} is piped into a file: a twelve-factor app leaves its (and its children's) output on stdout/stderr for the environment to route (factor XI). Pipe it to process.stdout/process.stderr, or inherit the stdio.",
      // Dockerfile
      dockerRedirectToFile:
        "{{instruction}} redirects the app's output to {{target}}: a twelve-factor app writes its event stream to stdout/stderr and lets the environment route it; docker logs shows nothing and the file grows inside the container (factor XI). Remove the redirect.",
      dockerTeeToFile:
        "{{instruction}} pipes the app's output through {{tool}} into {{target}}: a twelve-factor app leaves routing and storing its event stream to the environment (factor XI). Drop the pipe and keep the output on stdout.",
      dockerScriptRedirect:
        "The {{instruction}} script {{script}} redirects the app's output to {{target}} (line {{line}}: {{command}}): a twelve-factor app writes its event stream to stdout/stderr and lets the environment route it; docker logs shows nothing and the file grows inside the container (factor XI). Remove the redirect.",
      dockerPm2Logs:
        "{{instruction}} starts the app with pm2 in daemon mode: pm2 writes its output to log files under ~/.pm2/logs instead of the container's stdout (factor XI), and the daemonized app is not PID 1's child. Use pm2-runtime, which keeps the logs on stdout.",
      dockerLogVolume:
        'VOLUME {{path}} keeps log files on a volume: a twelve-factor app writes its event stream to stdout/stderr instead of managing log files (factor XI). Log to stdout and drop the volume.',
      dockerLogFileEnv:
        "ENV {{name}}={{value}} points the app's logging at a file: a twelve-factor app writes its event stream to stdout/stderr and lets the environment route it (factor XI). Log to stdout instead.",
    },
  },
  typescript: typescriptCheck,
  dockerfile: dockerfileCheck,
});
