/**
 * Names the SQL guard judges by. Table functions are refused wholesale in
 * table position (a policy may allow a few harmless generators). Scalar,
 * aggregate and window functions go by the allow-list in function-policy.ts.
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
  'ColumnsReplaceTransformer', 'ColumnsReplaceTransformer::Replacement', 'OrderByElement',
  'WindowDefinition', 'WindowListElement', 'SampleRatio', 'InterpolateElement',
]);

/** Specific one-line reasons for node types that are refused. */
export const NODE_TYPE_REASONS: Readonly<Record<string, string>> = {
  Set: 'SETTINGS clauses are not allowed: the guard sets the limits',
  SetQuery: 'SET is not allowed: the guard sets the limits',
  QueryParameter: 'query parameters ({name:Type}) are not supported',
  Explain: 'EXPLAIN is not allowed',
  // `* APPLY f` calls f on every column, and EXPLAIN AST does not name f.
  ColumnsApplyTransformer: 'APPLY is not allowed: write the function call for each column',
};
