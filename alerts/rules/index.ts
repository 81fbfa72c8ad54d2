export { parseRule, parseRuleYaml, ruleFileSchema, RULE_KEYS, isSqlQuery, type AlertRule, type RuleFile, type RuleResult, type ParsedRuleDoc, type NoDataPolicy } from './rule.ts';
export { parseCondition, describeCondition, parseNumber, CONDITION_FORMS, ConditionError, type Condition } from './condition.ts';
export { parseSchedule, granularityOf, grainOf, describeGranularity, periodStart, addPeriods, periodsBetween, type Schedule, type Granularity } from './schedule.ts';
export { parseDuration, formatDuration } from './duration.ts';
export { loadRuleDir, type LoadedRules } from './load-rules.ts';
export { diffRules, type RuleDiff, type StoredRuleLike } from './diff.ts';
