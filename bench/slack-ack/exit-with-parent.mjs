/**
 * Preloaded (`node --import`) into the app processes the slack-ack bench
 * starts (serve, worker): when the bench process is gone (killed, crashed),
 * the child is sent SIGTERM, so it stops cleanly and leaves nothing behind.
 */
import process from 'node:process';
import { setInterval } from 'node:timers';

const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
}, 500).unref();
