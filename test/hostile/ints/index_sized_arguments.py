# ints past 2**53 as sizes, counts and indices of builtins: MemoryError for what cannot be allocated, the converters' OverflowError past their C type, never a crash
for f in [lambda i: bytes(i), lambda i: bytearray(i), lambda i: 'a'.center(i), lambda i: 'a'.ljust(i), lambda i: round(1.5, i), lambda i: (5).to_bytes(i, 'big'), lambda i: 'abc'.split(' ', i), lambda i: [1,2].index(1, i), lambda i: 'abc'.find('b', i), lambda i: 'abc'.expandtabs(i), lambda i: [0][i:i+1], lambda i: range(i)[1], lambda i: chr(i), lambda i: hex(i)[:5], lambda i: 'x'.zfill(i)]:
    for i in [2**62, -2**62, 2**64]:
        try:
            r = f(i)
            print(r if not isinstance(r, (bytes, bytearray, str)) or len(r) < 50 else len(r))
        except Exception as e:
            print(type(e).__name__, e)
