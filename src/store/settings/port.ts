export interface SettingsPort {
  get(key: string): Promise<string | undefined>;
  /** Stores `value` unless the key exists; returns the stored value either way. */
  getOrInit(key: string, value: string): Promise<string>;
  set(key: string, value: string): Promise<void>;
}
