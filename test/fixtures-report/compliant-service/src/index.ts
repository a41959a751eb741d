import { createApp, redis } from './server';
import { config } from './config';
import { logger } from './logger';

async function main() {
  await redis.connect();
  const server = createApp().listen(config.port, () => logger.info(`listening on ${config.port}`));

  process.on('SIGTERM', () => {
    logger.info('SIGTERM received, draining');
    server.close(() => {
      void redis.quit().finally(() => process.exit(0));
    });
  });
}

void main();
