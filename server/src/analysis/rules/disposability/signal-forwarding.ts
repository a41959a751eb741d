import { defineRule } from '../../rule';
import { dockerfileCheck } from './signal-forwarding.dockerfile';

export default defineRule({
  meta: {
    id: 'disposability/signal-forwarding',
    factor: 9,
    description: 'The container runs node as PID 1 (or behind an init) so SIGTERM reaches the app and it can shut down gracefully.',
    defaultSeverity: 'warning',
    languages: ['dockerfile'],
    fixable: true,
    messages: {
      shellForm:
        '{{instruction}} in shell form runs under {{shell}}: the shell is PID 1 and does not pass SIGTERM on, so the app is killed without a graceful shutdown when the container stops (factor IX). {{advice}}',
      shellWrapper:
        '{{instruction}} runs its command through {{shell}}: the shell is PID 1 and does not pass SIGTERM on, so the app is killed without a graceful shutdown (factor IX). {{advice}}',
      shellFormArguments:
        'This shell-form CMD reaches the ENTRYPOINT ({{entrypoint}}) as "{{shell}} …" arguments: a shell stands between it and the app and does not pass SIGTERM on (factor IX). {{advice}}',
      packageManager:
        '{{manager}} runs as PID 1 ({{instruction}}): it does not reliably pass SIGTERM on to node, so the app cannot shut down gracefully (factor IX). {{advice}}',
      invalidExecForm:
        '{{instruction}} is not valid JSON (exec form needs double quotes), so Docker runs the text under {{shell}} as a shell command: it fails, or the shell is PID 1 and SIGTERM never reaches the app (factor IX). Write the exec form with double quotes.',
      processManager:
        '{{tool}} runs as PID 1 ({{instruction}}): a development watcher or process manager restarts, kills or daemonizes the app instead of passing SIGTERM on, so the app cannot shut down gracefully (factor IX). Run node directly (exec form, e.g. CMD ["node", "dist/server.js"]), or pm2-runtime if you need a process manager.',
      scriptWithoutExec:
        'The {{instruction}} script {{script}} starts the app without exec (line {{line}}: {{command}}): the shell stays PID 1 and does not pass SIGTERM on (factor IX). Start it with exec so it replaces the shell.',
      scriptWithoutExecBehindInit:
        'The {{instruction}} script {{script}} starts the app without exec (line {{line}}: {{command}}): {{init}} signals only its child, the shell, which does not pass SIGTERM on, so the app is killed without a graceful shutdown (factor IX). Start the app with exec so it replaces the shell, or run {{init}} with -g to signal the whole process group.',
      scriptPackageManager:
        'The {{instruction}} script {{script}} hands PID 1 to {{manager}} (line {{line}}: {{command}}): it does not reliably pass SIGTERM on to node (factor IX). Exec node directly, or put an init (tini, dumb-init) in front.',
    },
  },
  dockerfile: dockerfileCheck,
});
