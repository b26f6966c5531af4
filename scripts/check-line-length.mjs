// Fails when a source line is longer than the formatter's lineWidth (biome.json). Biome wraps code, but not
// comments, strings or template literals; those are wrapped by hand. Markdown and generated files are not checked.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const biome = JSON.parse(fs.readFileSync(new URL('../biome.json', import.meta.url), 'utf8'));
const limit = biome.formatter.lineWidth;
const source = /\.(ts|tsx|js|mjs|cjs|graphql)$/;
const generated = /(^|\/)(generated\/|[^/]*\.generated\.d\.ts$|dist\/)|(^|\/)shopify\.d\.ts$/;

const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' })
  .split('\n')
  .filter((file) => source.test(file) && !generated.test(file) && fs.existsSync(file));

const long = [];
for (const file of files) {
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if ([...line].length > limit) long.push(`${file}:${index + 1} (${[...line].length} characters)`);
    });
}
if (long.length > 0) {
  process.stderr.write(`${long.length} lines are longer than ${limit} characters:\n${long.join('\n')}\n`);
  process.exit(1);
}
