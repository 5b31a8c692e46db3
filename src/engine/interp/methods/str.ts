// Methods of the built-in str types.

export function installStrMethods(): void {
  // filled in below
}
