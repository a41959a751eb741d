import { defineRule } from '../../rule';
import { typescriptCheck } from './no-file-logging.typescript';

export default defineRule({
  meta: {
    id: 'logs/no-file-logging',
    factor: 11,
    description: 'Logs are written as an event stream to stdout/stderr, not to files the app manages.',
    defaultSeverity: 'warning',
    // In tests and fixtures: test tooling that keeps a log file is not the service.
    testFileSeverity: 'off',
    languages: ['typescript'],
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
        "morgan writes access logs to a file stream: a twelve-factor app writes its event stream to stdout and lets the environment route it (factor XI). Drop the stream option.",
      logFileWrite:
        '{{call}}() writes log output to "{{path}}": a twelve-factor app writes its event stream to stdout and lets the environment route it (factor XI). Write to process.stdout instead.',
      consoleToFile:
        'This Console writes to a file stream: a twelve-factor app writes its event stream to stdout and lets the environment route it (factor XI). Use the global console.',
    },
  },
  typescript: typescriptCheck,
});
