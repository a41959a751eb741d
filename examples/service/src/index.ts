import { createApp } from './server';
import { config } from './config';
import { logger } from './logger';

const app = createApp();

app.listen(config.port, () => {
  logger.info(`orders-service listening on ${config.port}`);
});
