/** Installation-wide settings and named counters (serial numbers). */
export interface SettingTable {
  key: string
  value: string
}

export interface CounterTable {
  name: string
  value: number
}
