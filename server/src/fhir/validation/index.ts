/** FHIR resource validation (issue #5): base R4, required terminology, claimed profiles. */
export {
  assertValidResource,
  prepareFhirValidation,
  validateFhirResource,
} from './validate-resource.js';
export {
  findProfile,
  loadImplementationGuide,
  type AvailableProfile,
  type LoadedGuide,
} from './implementation-guide.js';
export { CHECKED_BINDINGS } from './terminology.js';
export type * from './validation-types.js';
