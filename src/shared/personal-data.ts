/**
 * The personal-data cipher port (条例 Art. 15, 个人信息保护法 Art. 51: personal information kept
 * encrypted at rest). Services receive it as `deps.personalData`; `modules/privacy/` implements it
 * (AES-256-GCM, or SM4 with HMAC-SM3 under the audit chain's 国密 switch) and each composition root
 * builds it once from `config.personalData`.
 */
export type PersonalDataCipherName = 'aes-256-gcm' | 'sm4-cbc-hmac-sm3'

export interface PersonalDataCipher {
  /** The algorithm new tokens are written with. */
  readonly cipher: PersonalDataCipherName
  /** Fingerprint of the key new tokens are written with (public; stored in each token). */
  readonly keyId: string
  /** A fresh token (random IV) for `plain`: `pd1.<alg>.<keyId>.<payload>`, ASCII. */
  encrypt(plain: string): string
  /**
   * The plain text of a token written with any configured key (current or retired).
   * @throws DomainError PERSONAL_DATA_TAMPERED (altered or malformed token, wrong key),
   *   PERSONAL_DATA_KEY_UNKNOWN (the token's key is not configured)
   */
  decrypt(token: string): string
  /** A keyed hash (hex) of the normalised value under the current key, for lookups without decrypting. */
  blindIndex(value: string): string
  /** The blind index under every configured key, newest first (to find rows written before a rotation). */
  blindIndexes(value: string): string[]
}
