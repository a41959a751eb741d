// Preloaded into every measured child (`node --require rusage.cjs …`): on exit, writes the process's
// peak RSS and CPU time to the file named by BENCH_RUSAGE (worker threads included: they share the
// process). The parent times the wall clock itself, start-up included, the same way for every tool.
'use strict';
const fs = require('node:fs');
const { isMainThread } = require('node:worker_threads');
const out = process.env.BENCH_RUSAGE;
if (out && isMainThread) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    fs.writeFileSync(
      out,
      JSON.stringify({ maxRssMb: usage.maxRSS / 1024, userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000 }),
    );
  });
}
