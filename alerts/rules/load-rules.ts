/**
 * Alerts as code: reads every `*.yaml` / `*.yml` under a directory (or one
 * file), one or more rules a file (`---` between documents). Every problem is
 * one line, `<file>: <field>: <what is wrong>`; names must be unique.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseRuleYaml, type AlertRule } from './rule.ts';
import { isReportSpec, parseReport, type ReportRule } from '../reports/index.ts';
import { isHealthSpec, parseHealthRule, type HealthRule } from '../health/index.ts';

export interface LoadedRules {
  rules: Array<{ rule: AlertRule; file: string }>;
  /** Scheduled reports (`kind: report`) of the same files. */
  reports: Array<{ report: ReportRule; file: string }>;
  /** Built-in ClickHouse health rules (`kind: health`) switched on by the same files. */
  health: Array<{ rule: HealthRule; file: string }>;
  /** One line per bad rule. */
  errors: string[];
}

function yamlFiles(dir: string, base: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...yamlFiles(full, base));
    else if (/\.ya?ml$/i.test(entry.name)) out.push(full);
  }
  return out;
}

/** Reads the rules of a directory (or of one file); paths in messages are relative to `cwd`. */
export function loadRuleDir(target: string, cwd = process.cwd()): LoadedRules {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    return { rules: [], reports: [], health: [], errors: [`${target}: no such file or directory`] };
  }
  const files = stat.isDirectory() ? yamlFiles(target, target) : [target];
  const out: LoadedRules = { rules: [], reports: [], health: [], errors: [] };
  if (stat.isDirectory() && files.length === 0) out.errors.push(`${target}: no .yaml or .yml files`);
  const seen = new Map<string, string>();
  for (const file of files) {
    const rel = path.relative(cwd, file) || file;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      out.errors.push(`${rel}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      continue;
    }
    for (const doc of parseRuleYaml(text, rel)) {
      if (isHealthSpec(doc.value)) {
        const parsed = parseHealthRule(doc.value);
        if (!parsed.ok) out.errors.push(`${doc.where}: ${parsed.error}`);
        else if (seen.has(parsed.rule.name.toLowerCase())) out.errors.push(`${doc.where}: name: "${parsed.rule.name}" is also defined in ${seen.get(parsed.rule.name.toLowerCase())}`);
        else {
          seen.set(parsed.rule.name.toLowerCase(), doc.where);
          out.health.push({ rule: parsed.rule, file: rel });
        }
        continue;
      }
      if (isReportSpec(doc.value)) {
        const parsed = parseReport(doc.value);
        if (!parsed.ok) {
          out.errors.push(`${doc.where}: ${parsed.error}`);
          continue;
        }
        const key = parsed.report.name.toLowerCase();
        const other = seen.get(key);
        if (other) {
          out.errors.push(`${doc.where}: name: "${parsed.report.name}" is also defined in ${other}`);
          continue;
        }
        seen.set(key, doc.where);
        out.reports.push({ report: parsed.report, file: rel });
        continue;
      }
      if (!doc.result.ok) {
        out.errors.push(`${doc.where}: ${doc.result.error}`);
        continue;
      }
      const key = doc.result.rule.name.toLowerCase();
      const other = seen.get(key);
      if (other) {
        out.errors.push(`${doc.where}: name: "${doc.result.rule.name}" is also defined in ${other}`);
        continue;
      }
      seen.set(key, doc.where);
      out.rules.push({ rule: doc.result.rule, file: rel });
    }
  }
  return out;
}
