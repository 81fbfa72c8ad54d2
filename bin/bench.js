#!/usr/bin/env node
// `npm run bench`: runs every benchmark under bench/ and prints its figures.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../bench/run.ts');
await main(process.argv.slice(2));
