// Methods of the built-in dict types.

export function installDictMethods(): void {
  // filled in below
}
