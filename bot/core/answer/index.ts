export { createAnswerer, executionOf, isSqlText, type ExecutionInfo, type Answer, type Answerer, type AnswererDeps, type AskInput } from './create-answerer.ts';
