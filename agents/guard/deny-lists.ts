/**
 * Names the SQL guard judges by. Table functions are refused wholesale in
 * table position (a policy may allow a few harmless generators); the lists
 * below also refuse them, and a handful of scalar functions, anywhere else.
 */

/**
 * Every table function chDB 3.4 (engine 26.7) registers (`system.table_functions`),
 * plus older or server-only names. A test checks this list still covers the
 * engine's own list.
 */
export const TABLE_FUNCTIONS: ReadonlySet<string> = new Set([
  'SQLStandardValues', 'arrowstream', 'azureBlobStorage', 'azureBlobStorageCluster', 'cluster', 'clusterAllReplicas', 'cosn',
  'deltaLake', 'deltaLakeAzure', 'deltaLakeAzureCluster', 'deltaLakeCluster', 'deltaLakeLocal', 'deltaLakeS3', 'deltaLakeS3Cluster',
  'dictionary', 'eval', 'executable', 'file', 'fileCluster', 'filesystem', 'format', 'fuzzJSON', 'fuzzQuery', 'gcs',
  'generateRandom', 'generateSeries', 'generate_series', 'hdfs', 'hdfsCluster', 'hudi', 'hudiCluster', 'iceberg', 'icebergAzure',
  'icebergAzureCluster', 'icebergCluster', 'icebergHDFS', 'icebergHDFSCluster', 'icebergLocal', 'icebergLocalCluster', 'icebergS3',
  'icebergS3Cluster', 'input', 'jdbc', 'loop', 'merge', 'mergeTreeAnalyzeIndexes', 'mergeTreeAnalyzeIndexesUUID', 'mergeTreeIndex',
  'mergeTreeProjection', 'mergeTreeTextIndex', 'mongodb', 'mysql', 'null', 'numbers', 'numbers_mt', 'odbc', 'oss', 'paimon',
  'paimonAzure', 'paimonAzureCluster', 'paimonCluster', 'paimonHDFS', 'paimonHDFSCluster', 'paimonLocal', 'paimonS3', 'paimonS3Cluster',
  'postgresql', 'primes', 'prometheusQuery', 'prometheusQueryRange', 'redis', 'remote', 'remoteSecure', 's3', 's3Cluster', 'sqlite',
  'timeSeriesData', 'timeSeriesMetrics', 'timeSeriesSamples', 'timeSeriesSelector', 'timeSeriesTags', 'url', 'urlCluster', 'values',
  'view', 'viewExplain', 'viewIfPermitted', 'ytsaurus', 'zeros', 'zeros_mt',
  // not in chDB's build, present in other ClickHouse builds or versions
  'python', 'hive', 'meilisearch', 'azureQueue', 'kafka', 's3Queue', 'arrowFlight', 'gcsCluster', 'ossCluster', 'cosnCluster',
  'deltaLakeLocalCluster', 'hudiS3', 'mergeTreeAnalyzeIndex', 'loopUUID',
]);

/** Table functions that only generate values and read nothing; a policy may allow these. */
export type HarmlessTableFunction = 'numbers' | 'numbers_mt' | 'zeros' | 'zeros_mt' | 'generateSeries' | 'generate_series' | 'primes' | 'values';

/** Table-function names that are also ordinary scalar functions and stay allowed as such. */
const SCALAR_TWINS = new Set(['format']);

/**
 * Scalar functions refused anywhere, lower-cased: they read data outside the
 * query's tables (dictionaries, Join tables, files, models), inspect the
 * machine, write logs, or stall a thread.
 */
const DENIED_FUNCTIONS = new Set(
  [
    'joinGet', 'joinGetOrNull', 'file', 'hasColumnInTable', 'catboostEvaluate', 'modelEvaluate',
    'addressToLine', 'addressToLineWithInlines', 'addressToSymbol', 'demangle', 'trace', 'logTrace',
    'sleep', 'sleepEachRow', 'getMacro', 'getServerSetting', 'getMergeTreeSetting', 'getClientHTTPHeader',
    'filesystemAvailable', 'filesystemCapacity', 'filesystemUnreserved', 'getOSKernelVersion', 'fuzzQuery',
    'zookeeperSessionUptime', 'hasThreadFuzzer',
  ].map((f) => f.toLowerCase()),
);

/** Why a scalar function is refused, or undefined when it is fine. */
export function deniedFunctionReason(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (lower.startsWith('dict')) return `function ${name}() is not allowed: it reads a dictionary outside the allowed tables`;
  if (lower.startsWith('__')) return `function ${name}() is internal and not allowed`;
  if (DENIED_FUNCTIONS.has(lower)) return `function ${name}() is not allowed: it reads outside the allowed tables or touches the machine`;
  for (const tf of TABLE_FUNCTIONS) {
    if (tf.toLowerCase() === lower && !SCALAR_TWINS.has(tf)) return `table function ${name}() is not allowed`;
  }
  return undefined;
}

/** `x IN <table>` forms whose right-hand identifier names a table. */
export const IN_FUNCTIONS: ReadonlySet<string> = new Set(
  ['in', 'notIn', 'globalIn', 'globalNotIn', 'nullIn', 'notNullIn', 'globalNullIn', 'globalNotNullIn'].map((f) => f.toLowerCase()),
);

/** AST node types a read-only analytical SELECT is made of; anything else is refused. */
export const ALLOWED_NODE_TYPES: ReadonlySet<string> = new Set([
  'SelectWithUnionQuery', 'SelectIntersectExceptQuery', 'SelectQuery', 'ExpressionList', 'TablesInSelectQuery',
  'TablesInSelectQueryElement', 'TableExpression', 'TableIdentifier', 'TableJoin', 'ArrayJoin', 'Subquery', 'WithElement',
  'Identifier', 'Function', 'Literal', 'Asterisk', 'QualifiedAsterisk', 'ColumnsRegexpMatcher', 'ColumnsListMatcher',
  'QualifiedColumnsRegexpMatcher', 'QualifiedColumnsListMatcher', 'ColumnsTransformerList', 'ColumnsExceptTransformer',
  'ColumnsReplaceTransformer', 'ColumnsReplaceTransformer::Replacement', 'ColumnsApplyTransformer', 'OrderByElement',
  'WindowDefinition', 'WindowListElement', 'SampleRatio', 'InterpolateElement',
]);

/** Specific one-line reasons for node types that are refused. */
export const NODE_TYPE_REASONS: Readonly<Record<string, string>> = {
  Set: 'SETTINGS clauses are not allowed: the guard sets the limits',
  SetQuery: 'SET is not allowed: the guard sets the limits',
  QueryParameter: 'query parameters ({name:Type}) are not supported',
  Explain: 'EXPLAIN is not allowed',
};
