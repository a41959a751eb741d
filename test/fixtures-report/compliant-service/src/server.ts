import express from 'express';
import session from 'express-session';
import RedisStore from 'connect-redis';
import { createClient } from 'redis';
import { config } from './config';
import { logger } from './logger';

export const redis = createClient({ url: config.redisUrl });

export function createApp() {
  const app = express();
  app.use(session({ store: new RedisStore({ client: redis }), secret: config.sessionSecret, resave: false, saveUninitialized: false }));
  app.get('/health', (_req, res) => res.send('ok'));
  app.get('/orders', (req, res) => {
    logger.info('listing orders', { user: req.session.id });
    res.json([]);
  });
  return app;
}
