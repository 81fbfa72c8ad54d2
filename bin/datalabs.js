#!/usr/bin/env node
// Entry point of the `datalabs` CLI: loads the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../bot/app/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
