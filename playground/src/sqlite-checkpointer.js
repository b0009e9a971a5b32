'use strict';

const { Worker } = require('worker_threads');

/**
 * Checkpoints a WAL-mode SQLite database from a worker thread, so that the server's thread never does.
 *
 * better-sqlite3 is synchronous: when a commit crosses `wal_autocheckpoint`, that commit copies the
 * whole WAL into the database file on the event loop, and every request in flight waits. With the
 * playground's 20,000-page threshold (kept for bulk imports) that was a 47-53 ms stall every ~500
 * accepts, measured in `npm run bench`: most of accept's p99. A PASSIVE checkpoint on a connection of
 * its own never waits for readers or the writer and never blocks them; run every `intervalMs` it keeps
 * the WAL short, and the server's own autocheckpoint finds nothing left to copy.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.filename, { fileMustExist: true });
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or gone for a moment: the next tick tries again, and the server's autocheckpoint remains.
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** One worker per database file, for as long as the app that opened it runs. */
const running = new Map();

const startCheckpointer = (filename, { intervalMs = 100 } = {}) => {
  if (running.has(filename)) return;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { filename, intervalMs, driver: require.resolve('better-sqlite3') },
  });
  // A failed worker leaves the server's own autocheckpoint in charge: slower, never wrong.
  worker.on('error', () => running.delete(filename));
  worker.unref();
  running.set(filename, worker);
};

/** Stops every checkpointer (the app's destroy): its connection closes before Strapi's does. */
const stopCheckpointers = async () => {
  const workers = [...running.values()];
  running.clear();
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise((resolve) => {
          worker.once('exit', resolve);
          worker.postMessage('stop');
        })
    )
  );
};

module.exports = { startCheckpointer, stopCheckpointers };
