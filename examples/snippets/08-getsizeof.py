# @snippet sys.getsizeof: the slides' figures, version by version
# @versions 3.8 3.10 3.11 3.12 3.13
# @compare 3.11 3.12
import sys

# @say The slides show `sys.getsizeof(x)` printing 50 for some string `x`, then 24 for `3.14`,
# @say 36 for `2**63` and 28 for `12`. The numbers hold on every version from 3.8 to 3.13; the 50
# @say does not: an ASCII str is a header plus one byte per character plus one, and the header
# @say shrank from 48 to 40 bytes in 3.12.

pi = 3.14
big = 2**63
twelve = 12
# @say A float is 24 bytes: 16 of header and the 8-byte double. An int is 24 bytes plus 4 for each
# @say 30-bit digit: 12 has one digit (28), 2**63 has three (36).
# @focus pi, big, twelve
# @expect sys.getsizeof(pi) == 24
# @expect sys.getsizeof(big) == 36
# @expect sys.getsizeof(twelve) == 28
print(sys.getsizeof(pi), sys.getsizeof(big), sys.getsizeof(twelve))

zero = 0
# @say One int changed: zero has no digits, 24 bytes up to 3.10; from 3.11.2 (and 3.12) CPython
# @say counts it as one digit, 28.
# @expect[3.8-3.10] sys.getsizeof(zero) == 24
# @expect[3.11+] sys.getsizeof(zero) == 28
print(sys.getsizeof(zero))

x = "Memory"
letter = "M"
nine = "Memory!!!"
# @say `"Memory"` is 48 + 6 + 1 = 55 bytes up to 3.11 and 40 + 6 + 1 = 47 from 3.12. The slides'
# @say 50 is a one-letter str up to 3.11, or a nine-letter one from 3.12.
# @focus x, letter, nine
# @expect[3.8-3.11] sys.getsizeof(x) == 55
# @expect[3.12+] sys.getsizeof(x) == 47
# @expect[3.8-3.11] sys.getsizeof(letter) == 50
# @expect[3.12+] sys.getsizeof(nine) == 50
print(sys.getsizeof(x), sys.getsizeof(letter), sys.getsizeof(nine))

names = [x, letter, nine]
# @say `getsizeof` counts the object alone, not what it refers to: this list is 56 bytes of list
# @say (with the collector's 16-byte header) and 3 pointers, whatever the strings' sizes.
# @focus names
# @expect sys.getsizeof(names) == 56 + 3 * 8
print(sys.getsizeof(names))
