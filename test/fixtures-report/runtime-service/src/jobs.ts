import cron from 'node-cron';
import { db } from './db';

export function scheduleDigests(): void {
  cron.schedule('0 7 * * *', async () => {
    await db('digests').insert({ sentAt: new Date() });
  });

  if (process.env.RUN_REPORTS === 'true') {
    cron.schedule('0 * * * *', async () => {
      await db('reports').insert({ at: new Date() });
    });
  }
}
