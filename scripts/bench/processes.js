'use strict';

/** The benchmark's helper processes: the load generator and the SMTP sink (see load.js, smtp.js). */
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const readline = require('readline');

/** Runs one load (see load.js for the spec) in its own process; answers its summary. */
function runLoad(tmp, spec) {
  const file = path.join(tmp, `load-${process.hrtime.bigint()}.json`);
  fs.writeFileSync(file, JSON.stringify(spec));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'load.js'), file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (data) => (out += data));
    child.on('error', reject);
    child.on('exit', (code) => {
      fs.rmSync(file, { force: true });
      if (code !== 0) return reject(new Error(`load generator exited with ${code}`));
      resolve(JSON.parse(out));
    });
  });
}

/** Starts the SMTP sink; answers { port, received(), stop() }. */
function startSmtpSink() {
  const child = spawn(process.execPath, [path.join(__dirname, 'smtp.js')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout });
  const waiting = [];
  lines.on('line', (line) => waiting.shift()?.(JSON.parse(line)));
  const nextLine = () => new Promise((resolve) => waiting.push(resolve));
  return nextLine().then(({ port }) => ({
    port,
    async received() {
      const answer = nextLine();
      child.stdin.write('count\n');
      return (await answer).received;
    },
    stop: () =>
      new Promise((resolve) => {
        child.on('exit', resolve);
        child.kill('SIGTERM');
      }),
  }));
}

module.exports = { runLoad, startSmtpSink };
