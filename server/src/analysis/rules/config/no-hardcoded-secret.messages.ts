/** Message templates of `config/no-hardcoded-secret`, shared by its definition and its checks. */
export const MESSAGES = {
  namedSecret:
    'Hardcoded {{kind}} {{value}} in "{{name}}": config that varies between deploys belongs in the environment (factor III). Read it from process.env.{{envName}}.',
  providerToken:
    '{{kind}} {{value}} is hardcoded: anyone with the code has it, and it cannot differ between deploys (factor III). Read it from process.env.{{envName}}, and rotate it: it is in the history.',
  providerTokenInTest:
    '{{kind}} {{value}} in test code: if it is a live token, anyone with the code has it — revoke it (it is in the history) and give the test its token from the environment; if it is made up, build it at run time so it cannot pass for a leaked one (factor III).',
  connectionString:
    'Password {{value}} hardcoded in {{label}}: keep the whole URL in the environment (process.env.{{envName}}), not in the code (factor III).',
  secretArgument: 'Hardcoded {{what}} {{value}} passed to {{callee}}{{via}}: read it from process.env.{{envName}} (factor III).',
  secretDefault:
    'Hardcoded {{kind}} {{value}} as the default of {{lookup}}: wherever {{envName}} is unset the app runs on a secret everyone with the code has (factor III). Require {{envName}} from the environment instead of defaulting it.',
  credentialHeader:
    'Hardcoded {{kind}} {{value}} set as "{{header}}" by {{method}}(): credentials differ between deploys and belong in the environment (factor III). Read it from process.env.{{envName}}.',
  basicAuthCredentials:
    'Hardcoded password {{value}} in basic-auth credentials encoded with {{how}}: keep user and password in the environment (process.env.{{envName}}), not in the code (factor III).',
  envWrite:
    'Hardcoded {{kind}} {{value}} written to process.env.{{envName}}: the code supplies the config it should receive (factor III). Set {{envName}} in the deploy environment and drop this assignment.',
  literalComparison:
    '{{subject}} is compared with a hardcoded {{kind}} {{value}}: keep the expected value in the environment (factor III) and compare in constant time (crypto.timingSafeEqual).',
  // Dockerfile
  dockerEnvSecret:
    "Hardcoded {{kind}} {{value}} in ENV {{name}}: it is baked into the image, readable by anyone who can pull it (docker inspect, docker history), and cannot differ between deploys (factor III). Supply {{name}} at run time (docker run -e, your platform's secrets).",
  dockerArgSecret:
    'Hardcoded {{kind}} {{value}} as the default of build argument {{name}}: it is in the repository and the image history (factor III). Pass build-time secrets with RUN --mount=type=secret, not ARG.',
  dockerToken:
    '{{kind}} {{value}} is hardcoded in the Dockerfile ({{where}}): anyone with the repository or the image has it (factor III). Supply it at run time or as a build secret (RUN --mount=type=secret), and rotate it: it is in the history.',
  dockerConnectionString:
    'Password {{value}} hardcoded in {{label}} in the Dockerfile ({{where}}): keep the whole URL in the environment at run time, or in a build secret (factor III).',
  dockerSecretFile:
    '{{instruction}} puts {{file}} ({{what}}) into the image: anyone who can pull the image can read it (factor III). Provide it at run time (a mounted secret or the environment), use RUN --mount=type=secret for build-time credentials, and list it in .dockerignore.',
  dockerRunCredential:
    'Literal {{kind}} {{value}} in RUN ({{how}}): it stays in the repository and the image history (factor III). Pass it as a build secret (RUN --mount=type=secret) instead.',
  dockerNpmrcToken:
    'npm auth token {{value}} written by RUN: it stays in the repository and in the image layers and history (factor III). Mount the .npmrc as a build secret: RUN --mount=type=secret,id=npmrc,target=….',
} satisfies Record<string, string>;
