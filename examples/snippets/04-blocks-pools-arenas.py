# @snippet Blocks, pools and arenas: 256 KiB arenas up to 3.9, 1 MiB from 3.10
# @versions 3.8 3.9 3.10 3.12 3.13
# @compare 3.9 3.12
import sys

# @say The slides: "The Python memory manager manages chunks of memory called Blocks. A collection
# @say of blocks of the same size makes up the Pool. Pools are created on Arenas, chunks of 256kB
# @say memory allocated on heap=64 pools."
# @say
# @say That is CPython up to 3.9: 4 KiB pools, 64 of them in a 256 KiB arena. From 3.10 a 64-bit
# @say build uses 16 KiB pools and 1 MiB arenas (still 64 pools, 63 when the arena's address is not
# @say a multiple of 16 KiB). Every pool starts with a 48-byte header, so a pool of 512-byte blocks
# @say holds 7 of them up to 3.9 and 31 from 3.10.

chunks = [bytes(479) for _ in range(2000)]
# @say 2000 bytes objects of 33 + 479 = 512 bytes each, all in the 512-byte size class. Up to 3.9,
# @say at 7 per pool, they fill 286 pools: more than four whole 256 KiB arenas. From 3.10, at 31 per
# @say pool, they fit in 65 pools: a little more than one 1 MiB arena. Compare the two versions'
# @say arena maps in the panel.
# @focus chunks
# @expect sys.getsizeof(chunks[0]) == 512
# @expect mem.block_size(chunks[0]) == 512
# @expect mem.size_class(chunks[0]) == 31
# @expect[3.8,3.9] mem.pools() >= 286
# @expect[3.8,3.9] mem.arenas() >= 5
# @expect[3.10+] mem.pools() >= 65
# @expect[3.10+] mem.pools() < 286
# @expect[3.10+] mem.arenas() >= 2
# @expect[3.10+] mem.arenas() < 5
print(len(chunks), "blocks of", sys.getsizeof(chunks[0]), "bytes")
