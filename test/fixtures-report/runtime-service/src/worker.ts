import cron from 'node-cron';
import { db } from './db';

cron.schedule('*/5 * * * *', async () => {
  await db('outbox').where({ sent: false }).update({ sent: true });
});
