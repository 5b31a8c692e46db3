// Methods of the built-in list types.

export function installListMethods(): void {
  // filled in below
}
