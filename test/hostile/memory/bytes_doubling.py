# Doubling bytes with += until the copy no longer fits; then bytearray and bytes of ten billion bytes
# pymemsim: memory-limit=256MB
b = b'ab'
try:
    while True:
        b += b
except MemoryError:
    print('bytes', len(b))
del b
for make in (lambda: bytearray(10**10), lambda: bytes(10**10), lambda: b'\0' * 10**10):
    try:
        make()
    except MemoryError as e:
        print('MemoryError', e.args)
ba = bytearray(10**10)
