export {
  createWorkspaceService,
  outcomeOf,
  auditOutcomeOf,
  type AuditOutcome,
  type SetupPolicy,
  type WorkspaceService,
  type WorkspaceServiceOptions,
  type WorkspaceContext,
  type RunRequest,
  type RunQuery,
  type CommandOptions,
  type QueryRecord,
} from './create-workspace-service.ts';
export { createAdminOps, identityLabel, type AdminOps, type BindingKey, type MemberTarget } from './admin-ops.ts';
export { parseWorkspaceCommand, parseUserRef, splitWords, USAGE, WORKSPACE_COMMANDS, type WorkspaceCommand, type AdminCommand, type UserRef } from './parse-command.ts';
export { can, requirePermission, type Permission } from './roles.ts';
export { TEMPLATES, templatesFor, type QueryTemplate } from './templates.ts';
export { intersectWithCeiling, requireWithinCeiling, withinCeiling, NEVER_ALLOWED } from './ceiling.ts';
export { parseTimezone } from './timezone.ts';
