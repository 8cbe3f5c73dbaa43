// The only entrance to privacy/ from outside it: identity checks and masking, the field cipher
// (encryption at rest) and its key loading, and the personal-information scanner.
export * from './identity.js'
export * from './pii-scan.js'
export {
  createFieldCipher,
  oneOffFieldCipher,
  normaliseForIndex,
  parsePersonalDataKey,
  parsePersonalDataKeys,
  personalDataKeyId,
  sm4Available,
  PERSONAL_DATA_KEY_BYTES,
  type FieldCipherOptions,
  type PersonalDataKey,
} from './field-cipher.js'
export { loadFieldCipher, loadPersonalDataKeys, type PersonalDataLog } from './personal-data-keys.service.js'
export type { PersonalDataCipher, PersonalDataCipherName } from '../../shared/personal-data.js'
