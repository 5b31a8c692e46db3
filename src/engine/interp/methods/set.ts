// Methods of the built-in set types.

export function installSetMethods(): void {
  // filled in below
}
