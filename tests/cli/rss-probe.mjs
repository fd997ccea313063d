// Preloaded into a CLI child (`node --import THIS bundle.js`): prints its peak RSS on exit so a
// test can bound the memory of one run.
process.on('exit', () => process.stderr.write(`\npeak-rss-kib ${process.resourceUsage().maxRSS}\n`));
