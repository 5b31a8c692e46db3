// The CPython versions the simulator models. Every version difference is data in that version's
// profile (see profiles.ts); code asks the profile, never compares version numbers.

export const PY_VERSIONS = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13'] as const;
export type PyVersion = (typeof PY_VERSIONS)[number];
export const DEFAULT_VERSION: PyVersion = '3.12';

export function isPyVersion(v: string): v is PyVersion {
  return (PY_VERSIONS as readonly string[]).includes(v);
}

/** The exact interpreter release each profile was recorded from (sys.version_info). */
export const RECORDED_RELEASE: Record<PyVersion, string> = {
  '3.8': '3.8.18',
  '3.9': '3.9.18',
  '3.10': '3.10.13',
  '3.11': '3.11.7',
  '3.12': '3.12.1',
  '3.13': '3.13.0',
};
