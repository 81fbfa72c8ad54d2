export { formatInZone, nextRunOf, parseReport, parseReportRequest, normaliseWhen, reportNameOf, isReportSpec, reportFileSchema, REPORT_KIND, type ReportRule, type ReportFile } from './report.ts';
