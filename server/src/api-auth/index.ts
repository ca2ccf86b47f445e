// The public face of API authentication. Import from here, not from the files.
export { registerApiAuthRoutes } from './register-api-auth.js';
export {
  bearerTokenOf,
  credentialStanding,
  principalOfCredential,
  resolveBearer,
  type BearerCredential,
  type ApiPrincipal,
  type ClientApiPrincipal,
  type UserApiPrincipal,
} from './bearer-resolution.js';
export {
  acceptBearerPrincipal,
  bearerAuth,
  gatePrincipalFor,
  requireBearer,
  requireBearerCredential,
  requireScope,
} from './bearer-http.js';
export {
  parseResourceScope,
  scopeAllows,
  scopeWithin,
  splitScopeParameter,
  type Interaction,
  type ScopeContext,
} from './scopes.js';
export { ACCESS_TOKEN_SECONDS } from './client-credentials.js';
