'use strict';

/**
 * BENCH_PROFILE=accept,preview,preview-during-import,expiry,mail,import: the server's CPU profile while
 * that path's measured part runs (the expiry's last round; the 100,000-row import), written to
 * artifacts/bench-<path>.cpuprofile (open it in Chrome's DevTools, Performance tab).
 */
const fs = require('fs');
const path = require('path');
const { Session } = require('inspector');

const PROFILE = new Set((process.env.BENCH_PROFILE || '').split(',').filter(Boolean));

/** Runs `load` (the measured part of a path); with BENCH_PROFILE naming the path, under the profiler. */
async function profiled(name, load) {
  if (!PROFILE.has(name)) return load();
  const session = new Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result)))
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  try {
    return await load();
  } finally {
    const { profile } = await post('Profiler.stop');
    session.disconnect();
    const file = path.resolve(__dirname, '..', '..', 'artifacts', `bench-${name}.cpuprofile`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(profile));
    console.log(`${name}: CPU profile in ${path.relative(process.cwd(), file)}`);
  }
}

module.exports = { profiled };
