/** ClickHouse column types → the roles a chart or table gives them. */
import type { Column } from '../bot/contracts/warehouse.ts';

export type ColumnRole = 'time' | 'measure' | 'category';

/** Strips Nullable(…) and LowCardinality(…) wrappers. */
export function baseType(type: string): string {
  let t = type.trim();
  for (;;) {
    const m = /^(Nullable|LowCardinality)\((.*)\)$/.exec(t);
    if (!m) return t;
    t = m[2].trim();
  }
}

export function isNumericType(type: string): boolean {
  return /^(U?Int\d+|Float\d+|Decimal(\d+)?(\(.*\))?|BFloat16)$/.test(baseType(type));
}

export function isTimeType(type: string): boolean {
  return /^(Date|Date32|DateTime|DateTime64)(\(.*\))?$/.test(baseType(type));
}

/** True for Date/Date32 (no time of day). */
export function isDateOnlyType(type: string): boolean {
  return /^(Date|Date32)$/.test(baseType(type));
}

/**
 * Role of a column in a result: time buckets, numeric measures, everything
 * else a category. Integer columns that look like ids or small buckets
 * (hour of day, day of week) stay measures unless named like a dimension.
 */
export function columnRole(column: Column): ColumnRole {
  if (isTimeType(column.type)) return 'time';
  if (isNumericType(column.type)) {
    if (/(^|_)(id|hour|day_of_week|dow|weekday|month_of_year|year|hour_of_day)$/i.test(column.name) || /^(hour|weekday|day of week)/i.test(column.name)) return 'category';
    return 'measure';
  }
  return 'category';
}
