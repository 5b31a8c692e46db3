// Methods of the built-in bytes types.

export function installBytesMethods(): void {
  // filled in below
}
