import express from 'express';
import session from 'express-session';
import jwt from 'jsonwebtoken';
import { config } from './config';
import { logger } from './logger';

// Shopping carts by session id, kept in this process's memory.
const carts = new Map<string, string[]>();

export function createApp() {
  const app = express();
  app.use(express.json());
  app.use(session({ secret: process.env.SESSION_SECRET ?? '', resave: false, saveUninitialized: false }));

  app.post('/login', (req, res) => {
    const token = jwt.sign({ sub: req.body.user }, config.jwtSecret, { expiresIn: '1h' });
    res.json({ token });
  });

  app.post('/cart/:item', (req, res) => {
    const items = carts.get(req.sessionID) ?? [];
    items.push(req.params.item);
    carts.set(req.sessionID, items);
    logger.info('cart updated', { items: items.length });
    res.json({ items });
  });

  return app;
}
