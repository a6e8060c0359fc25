// Loaded with --import by test/hostile/bounds.test.ts: prints the process's peak RSS when it exits.
process.on('exit', () => process.stderr.write(`\nmigrate-test-peak-rss-kib ${process.resourceUsage().maxRSS}\n`));
