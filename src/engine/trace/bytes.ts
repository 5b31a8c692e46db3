// Compact storage for the step trace: growable typed-array columns and a byte stream of
// unsigned/zigzag varints (LEB128, as protobuf encodes integers), for numbers up to 2**53
// (simulated addresses reach 2**47, so plain 32-bit bit tricks are not enough).

type TypedArray = Uint8Array | Int8Array | Uint16Array | Int32Array | Uint32Array | Float64Array;
type TypedCtor<T extends TypedArray> = new (n: number) => T;

/** A typed array that grows by doubling; `length` entries are in use. */
export class Column<T extends TypedArray> {
  a: T;
  length = 0;
  constructor(private readonly ctor: TypedCtor<T>, initial = 1024) {
    this.a = new ctor(initial);
  }
  push(v: number): number {
    if (this.length === this.a.length) this.grow(this.length + 1);
    this.a[this.length] = v;
    return this.length++;
  }
  grow(min: number): void {
    let n = this.a.length * 2;
    while (n < min) n *= 2;
    const b = new this.ctor(n);
    b.set(this.a as never);
    this.a = b;
  }
  /** bytes in use */
  get bytes(): number {
    return this.length * this.a.BYTES_PER_ELEMENT;
  }
}

export function zigzag(v: number): number {
  return v >= 0 ? v * 2 : -v * 2 - 1;
}
export function unzigzag(v: number): number {
  return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
}

export class ByteWriter {
  buf = new Uint8Array(1 << 16);
  pos = 0;
  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let m = this.buf.length * 2;
    while (m < this.pos + n) m *= 2;
    const b = new Uint8Array(m);
    b.set(this.buf.subarray(0, this.pos));
    this.buf = b;
  }
  u(v: number): void {
    this.ensure(8);
    if (v < 0x80000000) {
      while (v >= 0x80) {
        this.buf[this.pos++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      this.buf[this.pos++] = v;
      return;
    }
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.pos++] = v;
  }
  s(v: number): void {
    this.u(zigzag(v));
  }
  byte(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }
  raw(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
}

export class ByteReader {
  constructor(public buf: Uint8Array, public pos: number) {}
  u(): number {
    const b = this.buf;
    let x = b[this.pos++];
    if (x < 0x80) return x;
    let v = x & 0x7f;
    let mul = 128;
    for (;;) {
      x = b[this.pos++];
      v += (x & 0x7f) * mul;
      if (x < 0x80) return v;
      mul *= 128;
    }
  }
  s(): number {
    return unzigzag(this.u());
  }
  byte(): number {
    return this.buf[this.pos++];
  }
  bytes(n: number): Uint8Array {
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}
