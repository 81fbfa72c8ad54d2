export { createAnswerer, isSqlText, type Answer, type Answerer, type AnswererDeps, type AskInput } from './create-answerer.ts';
