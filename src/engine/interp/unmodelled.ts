// What CPython defines that the simulator does not model, told apart from what is not defined at
// all. A program that loads a builtin CPython has (`eval`, `memoryview`, `FileNotFoundError`) or
// an attribute CPython's built-in types and modules have (`range.__reduce__`, `sys.settrace`) but
// the simulator lacks would get a NameError or AttributeError from the simulator that CPython
// would never raise, or a different branch of `hasattr`/`getattr(o, name, default)`: a silently
// wrong run. These lookups, in the names recorded from each CPython version
// (cpythonBuiltins.ts, scripts/record_builtin_names.py), let the interpreter refuse the program at
// that line instead (UnsupportedError).
//
// An attribute is CPython's when it is in the own __dict__ of a built-in type in the object's
// MRO (for a type object: its MRO, then its metatype's), or in dir() of a module the simulator
// has. Heap types (classes of the program) are the program's: their attributes are never looked
// up here.

import { UnsupportedError } from '../errors';
import { PY_VERSIONS, PyVersion } from '../versions';
import { CPYTHON_BUILTINS, CPYTHON_MODULE_DIRS, CPYTHON_TYPE_DICTS } from './cpythonBuiltins';
import { PyModule, PyObject, PyType } from './objects';
import { rt } from './runtime';

interface VersionNames {
  builtins: ReadonlySet<string>;
  types: Map<string, ReadonlySet<string>>;
  modules: Map<string, ReadonlySet<string>>;
}

const byVersion = new Map<PyVersion, VersionNames>();

function names(version: PyVersion): VersionNames {
  let n = byVersion.get(version);
  if (!n) byVersion.set(version, (n = { builtins: new Set(CPYTHON_BUILTINS[version]), types: new Map(), modules: new Map() }));
  return n;
}

/** the names of one recorded entry ("name" or "name|mask" items) present in `version` */
function decode(entry: string | undefined, version: PyVersion): ReadonlySet<string> {
  const out = new Set<string>();
  if (!entry) return out;
  const bit = 1 << PY_VERSIONS.indexOf(version);
  for (const item of entry.split(' ')) {
    const bar = item.lastIndexOf('|');
    if (bar < 0) out.add(item);
    else if (Number(item.slice(bar + 1)) & bit) out.add(item.slice(0, bar));
  }
  return out;
}

function typeDict(typeName: string): ReadonlySet<string> {
  const n = names(rt.profile.version);
  let s = n.types.get(typeName);
  if (!s) n.types.set(typeName, (s = decode(CPYTHON_TYPE_DICTS[typeName], rt.profile.version)));
  return s;
}

function moduleDir(moduleName: string): ReadonlySet<string> {
  const n = names(rt.profile.version);
  let s = n.modules.get(moduleName);
  if (!s) n.modules.set(moduleName, (s = decode(CPYTHON_MODULE_DIRS[moduleName], rt.profile.version)));
  return s;
}

/** CPython's builtins module has `name` (in the version simulated) */
export function isCPythonBuiltin(name: string): boolean {
  return names(rt.profile.version).builtins.has(name);
}

/** the built-in type in `mro` whose own __dict__ has `name` in CPython, if any */
function definingType(mro: readonly PyType[], name: string): PyType | null {
  for (const t of mro) if (!t.flags.heap && typeDict(t.name).has(name)) return t;
  return null;
}

/**
 * `o.name` is missing in the simulator: the construct to refuse ("`range.__reduce__`") when
 * CPython has the attribute, else null (CPython's AttributeError too).
 */
function unmodelledAttribute(o: PyObject, name: string): string | null {
  if (o instanceof PyModule) return moduleDir(o.name).has(name) ? `\`${o.name}.${name}\`` : null;
  const owner = (o instanceof PyType ? definingType(o.mro, name) : null) ?? definingType(o.ob_type.mro, name);
  return owner ? `\`${owner.name}.${name}\`` : null;
}

/** `o.name` is missing in the simulator: refuse the program (at the line running, filled in by
 *  the evaluation loop) when CPython has the attribute; return when CPython lacks it too */
export function refuseUnmodelledAttribute(o: PyObject, name: string): void {
  const construct = unmodelledAttribute(o, name);
  if (construct !== null) throw new UnsupportedError(construct, 0);
}

/** the names of a built-in type's own __dict__ in CPython (dir() lists these), or null for a
 *  class of the program or a type CPython's builtins module does not have */
export function cpythonTypeDict(t: PyType): ReadonlySet<string> | null {
  if (t.flags.heap || !(t.name in CPYTHON_TYPE_DICTS)) return null;
  return typeDict(t.name);
}

/** dir() of one of the modules the simulator has, as CPython lists it, or null */
export function cpythonModuleDir(name: string): ReadonlySet<string> | null {
  return name in CPYTHON_MODULE_DIRS ? moduleDir(name) : null;
}
