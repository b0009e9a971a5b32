'use strict';

/**
 * The benchmark's load generator, run as its own process (`node load.js <spec.json>`) so that the
 * client's work never shares a CPU thread with the server it measures. It drives autocannon and
 * records every response's latency itself (autocannon's summary has no p95), then prints one JSON
 * line: { requests, seconds, rps, latency: { p50, p95, p99, max }, statuses, errors }.
 *
 * The spec: { url, connections, duration? (s), amount? (requests in all), method, path, headers?,
 * body?, each?: [{ headers?, body? }], cycle?, warmup? }. With `each`, every request takes the next
 * entry and the run stops when they are used up (one accept per invitation, one JWT per user); with
 * `cycle` it goes round them for `duration`. `warmup` responses come first on the same connections
 * and are not counted (neither their latencies nor their time): the figures are the steady state of
 * connections already open, as a portal's reverse proxy keeps them. A server busy with the first
 * requests accepts the other new connections one per event-loop turn (libuv#3696), which made the
 * first 400 ms of a run of 2,000 accepts hold most of its slowest 1%.
 */
const fs = require('fs');
const autocannon = require('autocannon');

const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const latencies = [];
const statuses = {};
let next = 0;

const percentile = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;

const request = {
  method: spec.method || 'GET',
  path: spec.path,
  headers: { 'content-type': 'application/json', ...(spec.headers || {}) },
  ...(spec.body ? { body: JSON.stringify(spec.body) } : {}),
  ...(spec.each
    ? {
        setupRequest: (req) => {
          const entry = spec.each[spec.cycle ? next++ % spec.each.length : next++];
          if (!entry) return req; // `amount` ends the run at the last entry
          return {
            ...req,
            headers: { ...req.headers, ...(entry.headers || {}) },
            body: JSON.stringify(entry.body),
          };
        },
      }
    : {}),
};

const warmup = spec.warmup || 0;
let responses = 0;
let started = process.hrtime.bigint();
// When the last response arrived: autocannon reports a run's end only at its next one-second tick, so
// the time to its callback would count up to a second of nothing (a 3.6 s run of 2,000 accepts read
// as 4.0 s, 497/s instead of 558/s).
let lastResponseAt = started;
const instance = autocannon(
  {
    url: spec.url,
    connections: spec.connections,
    method: request.method,
    ...(spec.each && !spec.cycle
      ? { amount: spec.each.length }
      : spec.amount
        ? { amount: spec.amount }
        : { duration: spec.duration }),
    requests: [request],
  },
  (error, result) => {
    if (error) {
      console.error(error);
      process.exit(1);
    }
    const seconds = Number(lastResponseAt - started) / 1e9;
    latencies.sort((a, b) => a - b);
    process.stdout.write(
      `${JSON.stringify({
        requests: latencies.length,
        seconds,
        rps: latencies.length / seconds,
        latency: {
          p50: percentile(latencies, 50),
          p95: percentile(latencies, 95),
          p99: percentile(latencies, 99),
          max: latencies[latencies.length - 1],
        },
        statuses,
        errors: result.errors + result.timeouts,
      })}\n`
    );
  }
);
instance.on('response', (_client, statusCode, _bytes, responseTime) => {
  responses += 1;
  if (responses <= warmup) {
    // The measured time starts at the last warm-up response.
    if (responses === warmup) started = process.hrtime.bigint();
    if (statusCode >= 400) statuses[statusCode] = (statuses[statusCode] || 0) + 1;
    return;
  }
  latencies.push(responseTime);
  lastResponseAt = process.hrtime.bigint();
  statuses[statusCode] = (statuses[statusCode] || 0) + 1;
});
