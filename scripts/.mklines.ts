import { writeFileSync } from 'node:fs';
import { readTierCorpus } from '../test/corpusTiers.js';
const corpus = readTierCorpus().map((c) => c.command);
writeFileSync('/tmp/corpus-lines.jsonl', Array.from({ length: 1000 }, (_, n) => JSON.stringify({ cmd: corpus[n % corpus.length], allowed: ['npm test', 'git status'] })).join('\n') + '\n');
