# @snippet Memory kept for reuse: freed blocks go back to pymalloc, not to the OS
# @versions 3.8 3.9 3.12 3.13
# @compare 3.8 3.12
import sys

# @say The slides: "If the objects get destroyed, the memory manager fills this space with a new
# @say object of the same size", and it "doesn't necessarily release the memory back to the
# @say Operating System ... keeps memory allocated for further use".

word = "".join(["Memory", "Pool"])
spot = id(word)
del word
data = bytes(20)
# @say The freed str's block went to the front of its pool's list of free blocks, and the next
# @say request of the same size class took it, though for another type: the 10-letter str (59
# @say bytes up to 3.11, 51 from 3.12) and `bytes(20)` (53 bytes) both get a 64-byte block.
# @focus data
# @expect id(data) == spot
# @expect mem.block_size(data) == 64
print("the bytes object took the str's block:", id(data) == spot)

chunks = [bytes(479) for _ in range(2000)]
keep = chunks[::7]
before = sys.getallocatedblocks()
del chunks
# @say 2000 blocks of 512 bytes, then all but every 7th freed: 1714 blocks went back to their pools
# @say (the list's item array freed and the int `before` made cancel out). Up to 3.9 a pool holds 7
# @say of them, so each of the 286 pools still has one block in use: none can be emptied, and the
# @say arenas around them stay mapped. This is the slides' "incremental reserve of unused memory".
# @focus keep
# @expect before - sys.getallocatedblocks() == 2000 - len(keep)
# @expect[3.8,3.9] mem.pools() >= 286
# @expect[3.8,3.9] mem.arenas() >= 5
print("blocks freed:", before - sys.getallocatedblocks(), "| blocks kept:", len(keep))

del keep
# @say Now all their pools are empty. An empty pool goes back to its arena, and an arena whose pools
# @say are all empty is unmapped, given back to the OS. Here 3.8 unmaps the four arenas these
# @say blocks had filled; 3.9 unmaps three and keeps one for the next allocations (from 3.9 an
# @say empty arena at the end of pymalloc's list of usable arenas stays). From 3.10 the blocks took
# @say one 1 MiB arena beyond the one already in use, and that arena is kept.
