import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Event-loop turns a long job gives other requests between two of its parts on SQLite, where every
 * statement is synchronous and the job would otherwise hold the server for its whole run.
 *
 * Several, not one: libuv accepts one new connection per turn (since 1.45, Node 20: libuv/libuv#3696),
 * so with one turn between an import's batches (70-190 ms each) only one new visitor per batch got in.
 * 20 browsers opening invitation links at once during a 100,000-row import had their first previews
 * answered one per batch, the last after 1.4 s; established connections were served every batch. A
 * turn with nothing waiting costs a few microseconds.
 */
const TURNS = 16;

/** Lets the event loop turn `TURNS` times: each accepts a waiting connection and serves what is ready. */
export const giveWay = async (): Promise<void> => {
  for (let turn = 0; turn < TURNS; turn += 1) await nextTurn();
};
