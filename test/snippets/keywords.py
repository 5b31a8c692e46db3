# Every annotation keyword, each in use: the title, the versions, the pair to compare, narration
# in paragraphs, expectations for all versions and for some, names to focus on, a question with
# its choices and answer, and the allocator's view through `mem` (checked by the simulator only).
# @snippet Every keyword
# @versions 3.8 3.11 3.12 3.13
# @compare 3.8 3.12
import sys

# @say **An empty list** is one block:
# @say the list object itself.
# @say
# @say Its item array comes with the first item.
items = []
# @expect items == []
# @expect sys.getsizeof(items) == 56
# @expect[3.8,3.13] len(items) == 0
# @expect[3.11+] not items
# @expect[3.8-3.11] sys.getrefcount(items) == 2
# @expect mem.blocks(items) == 1
# @expect mem.block_size(items) == 64
# @expect mem.size_class(items) == 3
# @focus items
# @question How many blocks does `items` hold now?
# @choice None
# @choice* One: the list object
# @choice Two
# @answer The list object only: an empty list has no item array.
items.append('x')  # @expect mem.blocks(items) == 2
# @expect mem.held(items) == 64 + 32
# @expect[3.8] sys.getsizeof(items) == 88
# @expect[3.11+] sys.getsizeof(items) == 88
# @focus items, items.append
# @say After the append: 4 slots, 32 bytes.
big = bytes(1000)  # @expect mem.size_class(big) == -1
# @expect mem.block_size(big) >= 1033
# @expect mem.arenas() >= 1
# @expect mem.pools() > 0
# @expect mem.collections() == 0


class Pair:
    # @say A class body runs once.
    def __init__(self, a, b):
        self.a = a  # @focus self
        self.b = b


p = Pair(1, 2)
# @focus p.a, p.b
# @expect (p.a, p.b) == (1, 2)
# @expect mem.blocks(p) >= 1
import gc
gc.collect()
# @expect mem.collections() == 1
# @say The end.
# @expect gc.isenabled()
