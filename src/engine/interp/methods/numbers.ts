// Methods of the built-in numbers types.

export function installNumberMethods(): void {
  // filled in below
}
