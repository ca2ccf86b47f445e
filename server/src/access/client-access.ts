/**
 * A system client of the practice (an integration with its own credentials, not a person). Its
 * token's scopes already limit the types and interactions (api-auth/scopes.ts, checked before
 * the gate). The gate adds the rules scopes cannot carry: nothing labelled sensitive (ACC-6: a
 * label opens only to named people), no deletes or bulk exports (history and retention stay in
 * people's hands), and restrictions that bind everyone. Purpose: the practice's operations.
 */
import type {
  AccessAction,
  AccessContext,
  AccessDecision,
  AccessTarget,
  ClientActor,
} from './access-types.js';
import { allow, deny } from './decision.js';
import { categoryOf } from './role-permissions.js';
import { restricts } from './staff-access.js';

const CLIENT_ACTIONS: readonly AccessAction[] = ['read', 'search', 'create', 'update'];

export function decideClient(
  actor: ClientActor,
  action: AccessAction,
  target: AccessTarget,
  context: AccessContext,
): AccessDecision {
  const category = categoryOf(target.resourceType);
  if (category === undefined) return deny('denied_unknown_resource_type');
  if (!CLIENT_ACTIONS.includes(action)) return deny('denied_action_not_permitted');
  if (target.sensitivity.length > 0) return deny('denied_sensitive');
  const everyone = context.restrictions.filter(
    (r) => r.appliesToUserId === undefined && r.appliesToRole === undefined,
  );
  if (everyone.some((r) => restricts(r, { userId: actor.clientId }, [], target, category))) {
    return deny('denied_restricted');
  }
  return allow('allowed_client', 'HOPERAT');
}
