import type { Insertable, Selectable, Updateable } from 'kysely'

/**
 * A request for government information (政府信息公开申请, 条例 Art. 27–45), from intake to the sent
 * reply. Personal data (ID number, phone, e-mail, address) is stored encrypted (`*_enc`), with a
 * blind index of the ID number for repeated-request detection.
 */
export interface InfoRequestTable {
  id: string
  organ_id: string
  /** Public tracking number (查询码), unique. */
  tracking_number: string
  /** SHA-256 of the applicant's secret (查询密码); the secret itself is shown once. */
  secret_hash: string
  /** How it came: web, letter, letter_signed, fax, email, phone, in_person. */
  channel: string
  status: string
  /** When it was submitted or recorded (ISO instant). */
  submitted_at: string
  /** The date of receipt (条例 Art. 31), YYYY-MM-DD; null while it waits for confirmation. */
  received_date: string | null
  /** natural_person, commercial, research, public_interest, legal_services, other (report columns). */
  applicant_type: string
  applicant_name: string
  contact_person: string | null
  id_type: string
  id_number_enc: string | null
  /** HMAC of the normalised ID number or credit code: finds repeated requests without decrypting. */
  applicant_key: string | null
  credit_code: string | null
  phone_enc: string | null
  email_enc: string | null
  address_enc: string | null
  postcode: string | null
  description: string
  doc_number: string | null
  /** Form of provision (条例 Art. 29(三), Art. 40): paper, electronic, inspection. */
  provision_form: string
  /** Way of delivery: post, email, pickup, online. */
  delivery_method: string
  /** Handling. */
  department: string | null
  handler_id: string | null
  /** A request that seems to repeat an answered one (条例 Art. 36(六)): its id. */
  repeat_of: string | null
  /** 补正 (Art. 30). */
  correction_requested: string | null
  correction_matters: string | null
  correction_deadline: string | null
  correction_received: string | null
  correction_lapsed: string | null
  /** Extension (Art. 33): working days, approver, date. */
  extension_days: number | null
  extension_approved_by: string | null
  extension_date: string | null
  extension_reason: string | null
  /** 信息处理费 (国办函〔2020〕109号). */
  fee_method: string | null
  fee_amount: number | null
  fee_explanation: string | null
  fee_notice_received: string | null
  fee_paid: string | null
  fee_waived: number
  fee_lapsed: string | null
  /** The decision: an outcome key (report row), its reasons, linked catalogue items (JSON ids). */
  outcome: string | null
  outcome_reason: string | null
  linked_items: string
  /** The organ a misdirected request belongs to (Art. 36(五)), named in the letter. */
  responsible_organ: string | null
  decided_at: string | null
  decided_by: string | null
  /** The date the reply was sent (the request is closed then). */
  closed_date: string | null
  /** The due date under the clock, kept for queues (null when the clock does not run). */
  due_date: string | null
  withdrawn_date: string | null
  /** Submit once: the form's idempotency key, unique when present. */
  idempotency_key: string | null
  version: number
  created_at: string
  updated_at: string
}

/** One step in a request's timeline: who did what, on which legal date. */
export interface RequestEventTable {
  id: string
  request_id: string
  at: string
  /** The legal date of the step (YYYY-MM-DD), which the clock uses. */
  date: string
  kind: string
  actor_id: string | null
  actor_name: string
  note: string | null
}

/** A consultation of a third party (条例 Art. 32) or a co-producing organ (Art. 34). */
export interface RequestConsultationTable {
  id: string
  request_id: string
  /** third_party or organ. */
  kind: string
  party: string
  sent_date: string
  replied_date: string | null
  /** agree, object, none (no reply within the limit). */
  opinion: string | null
  note: string | null
  created_by: string | null
}

/** A letter of a request (receipt, notices, the reply): number, review, delivery. */
export interface RequestLetterTable {
  id: string
  request_id: string
  /** receipt, correction, extension, consultation, fee, reply. */
  kind: string
  /** The letter number from the organ's sequence (e.g. 张广电公开〔2026〕12号); null for a receipt. */
  number: string | null
  year: number
  seq: number | null
  /** The letter's text as composed (JSON LetterDocument), frozen when approved. */
  document: string
  /** draft, review_officer, review_leader, approved, sent. */
  status: string
  drafted_by: string | null
  officer_reviewer_id: string | null
  officer_reviewed_at: string | null
  leader_reviewer_id: string | null
  leader_reviewed_at: string | null
  return_reason: string | null
  /** A personal-information hit left unmasked on purpose: the reviewer's reason. */
  pii_reason: string | null
  sent_date: string | null
  delivery_method: string | null
  delivery_proof: string | null
  created_at: string
}

/** 行政复议 / 行政诉讼 about a request (table 四 of the annual report). */
export interface RequestAppealTable {
  id: string
  request_id: string
  organ_id: string
  /** reconsideration, litigation_direct, litigation_after_reconsideration. */
  kind: string
  /** The 复议机关 or the court. */
  body: string
  case_number: string | null
  filed_date: string
  /** upheld, corrected, other, pending. */
  result: string
  result_date: string | null
  note: string | null
  created_at: string
  created_by: string | null
}

export type InfoRequestRow = Selectable<InfoRequestTable>
export type NewInfoRequestRow = Insertable<InfoRequestTable>
export type InfoRequestUpdate = Updateable<InfoRequestTable>
export type RequestEventRow = Selectable<RequestEventTable>
export type RequestConsultationRow = Selectable<RequestConsultationTable>
export type RequestLetterRow = Selectable<RequestLetterTable>
export type RequestAppealRow = Selectable<RequestAppealTable>
