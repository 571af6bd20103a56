// The API key lives in sessionStorage: it survives a reload of the tab but not closing it, and is never part of
// the bundle.
const STORAGE_KEY = "aegis.apiKey";

export function loadApiKey(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be disabled by the browser's privacy settings; the user then signs in on every load.
    return null;
  }
}

export function saveApiKey(key: string): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, key);
  } catch {
    // See loadApiKey: the key then lasts only as long as the page.
  }
}

export function clearApiKey(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing stored, nothing to remove.
  }
}
