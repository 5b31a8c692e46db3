# @snippet Size classes: requests are rounded up to 16 bytes, not 8
# @versions 3.8 3.11 3.12 3.13
# @compare 3.11 3.12
import sys

# @say The slides' table rounds each request up to a multiple of 8: 1-8 bytes get an 8-byte block,
# @say 17-24 a 24-byte block, and so on. That was CPython 3.6 to 3.7.3 (and still is any 32-bit
# @say build). From 3.8 (and 3.7.4) a 64-bit build aligns blocks to 16 bytes: 32 size classes of
# @say 16, 32, 48, ... 512 bytes, and a request of n bytes gets size class (n - 1) // 16.

pi = float("3.14")
n = int("1000")
# @say A float is 24 bytes and an int below 2**30 is 28: the slides' table would give them a 24- and
# @say a 32-byte block. Both get a 32-byte block in size class 1.
# @focus pi, n
# @expect sys.getsizeof(pi) == 24
# @expect sys.getsizeof(n) == 28
# @expect mem.block_size(pi) == 32
# @expect mem.block_size(n) == 32
# @expect mem.size_class(pi) == 1
# @expect mem.size_class(n) == 1
print("float:", sys.getsizeof(pi), "bytes, int:", sys.getsizeof(n), "bytes")

word = "".join(["Mem", "ory"])
# @say A 6-letter ASCII str is 55 bytes up to 3.11 and 47 from 3.12 (the header lost 8 bytes): a
# @say 64-byte block in class 3, then a 48-byte block in class 2. The slides' table would say 56
# @say and 48.
# @focus word
# @expect[3.8-3.11] sys.getsizeof(word) == 55
# @expect[3.12+] sys.getsizeof(word) == 47
# @expect[3.8-3.11] mem.block_size(word) == 64
# @expect[3.12+] mem.block_size(word) == 48
# @expect[3.8-3.11] mem.size_class(word) == 3
# @expect[3.12+] mem.size_class(word) == 2
print("str of 6 letters:", sys.getsizeof(word), "bytes")

fits = bytes(479)
spills = bytes(480)
# @say The last size class, 31, holds 512-byte blocks. A bytes object is 33 bytes plus its length,
# @say so 479 bytes of data are exactly 512; one more byte and the request goes to `malloc`.
# @focus fits, spills
# @expect sys.getsizeof(fits) == 512
# @expect mem.size_class(fits) == 31
# @expect sys.getsizeof(spills) == 513
# @expect mem.size_class(spills) == -1
print("bytes of 479 and 480:", sys.getsizeof(fits), "and", sys.getsizeof(spills), "bytes")
