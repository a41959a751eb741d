import express from 'express';
import { scheduleDigests } from './jobs';

const app = express();
app.get('/health', (_req, res) => res.send('ok'));

scheduleDigests();

const server = app.listen(Number(process.env.PORT));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
