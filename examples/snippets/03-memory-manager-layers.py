# @snippet The memory manager's layers: object allocators, pymalloc, malloc and the OS
# @versions 3.8 3.10 3.12 3.13
# @compare 3.8 3.12
import sys

# @say The slides: "The Python memory manager has object-specific allocators to allocate memory
# @say distinctly for specific objects such as int, string, etc... Below that, the raw memory
# @say allocator interacts with the memory manager of the operating system". CPython has four
# @say layers. From the top: caches and free lists kept by some types; pymalloc, for every request
# @say of up to 512 bytes; the C library's `malloc` (the raw allocator) for bigger ones; and the
# @say operating system, from which pymalloc maps its arenas.

a = 256
b = int("256")
c = int("257")
d = int("257")
# @say Layer 1, a cache: the ints from -5 to 256 exist once for the whole run (made at start-up;
# @say from 3.11 part of the interpreter's static data), and `int("256")` returns the shared one.
# @say 257 is not cached: each `int("257")` makes a new object.
# @focus a, b, c, d
# @expect a is b
# @expect c is not d
print("256 is shared:", a is b, "| 257 is shared:", c is d)

price = float("9.99")
spot = id(price)
del price
cost = float("5.25")
# @say Layer 1, a free list: the freed float was not given back to pymalloc but kept on the float
# @say free list (up to 100 floats on every version here), and the next float took it.
# @expect id(cost) == spot
print("the next float reused the freed one:", id(cost) == spot)

row = tuple(range(59))
# @say Layer 2, pymalloc: a tuple of 59 items asks for 24 + 59 * 8 bytes plus the collector's
# @say 16-byte header, 512 bytes: the largest request pymalloc serves, from its largest size class.
# @focus row
# @expect sys.getsizeof(row) == 512
# @expect mem.block_size(row) == 512
# @expect mem.size_class(row) == 31
wide = tuple(range(60))
# @say Layer 3, the raw allocator: one item more is 520 bytes, over pymalloc's limit, so the tuple
# @say comes from `malloc`.
# @focus wide
# @expect sys.getsizeof(wide) == 520
# @expect mem.size_class(wide) == -1
print("tuples of 59 and 60 items:", sys.getsizeof(row), "and", sys.getsizeof(wide), "bytes")

big = [None] * 1000
# @say A list is two blocks: the list object (56 bytes, a 64-byte pymalloc block) and its item
# @say array, here 8000 bytes from `malloc`.
# @focus big
# @expect sys.getsizeof(big) == 56 + 1000 * 8
# @expect mem.block_size(big) == 64
# @expect mem.blocks(big) == 2
print("a list of 1000 items:", sys.getsizeof(big), "bytes")
# @say Layer 4, the operating system: pymalloc's pools are carved from arenas it maps with `mmap`,
# @say 256 KiB each up to 3.9 and 1 MiB from 3.10 (step 4).
# @expect mem.arenas() >= 1
