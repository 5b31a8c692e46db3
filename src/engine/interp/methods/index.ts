// The methods of the built-in types, one module per family of types, installed into each type's
// dict at start-up (the PyMethodDef tables of Objects/*object.c).

import { installStrMethods } from './str';
import { installBytesMethods } from './bytes';
import { installListMethods } from './list';
import { installDictMethods } from './dict';
import { installSetMethods } from './set';
import { installNumberMethods } from './numbers';
import { installIteratorMethods } from './iterators';

export function installMethods(): void {
  installStrMethods();
  installBytesMethods();
  installListMethods();
  installDictMethods();
  installSetMethods();
  installNumberMethods();
  installIteratorMethods();
}
