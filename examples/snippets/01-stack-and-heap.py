# @snippet Stack and heap: a call's frame comes and goes, its objects live on the heap
# @versions 3.8 3.10 3.11 3.12 3.13
# @compare 3.10 3.12
import sys
import weakref

# @say The slides: "Methods and variables are created in Stack memory", "Objects and instance
# @say variables values are created in Heap memory", and a stack frame "is destroyed
# @say automatically" when its function returns.
# @say
# @say In CPython every value is an object on the heap; a call's frame holds only the *names*, each
# @say a reference to an object. The frame is not on the C stack either: up to 3.10 it is a heap
# @say object (kept for the function's next call), from 3.11 a slot on the thread's own stack of
# @say frames, which CPython allocates in 16 KiB chunks.


class Order:
    pass


def place_order():
    global watch
    kept = Order()
    scratch = Order()
    watch = weakref.ref(scratch)
    # @say Inside the call: two objects on the heap, each named by one local of this frame.
    # @focus kept, scratch
    # @expect sys.getrefcount(scratch) == 2
    return kept


watch = None
order = place_order()
# @say The call returned and its frame is gone. `scratch` was freed at that moment, because the
# @say frame held its only reference. The returned object lives on: the caller's name `order` now
# @say refers to it. The slides credit the garbage collector for this; it was reference counting
# @say (step 9 shows what the collector is for).
# @focus order
# @expect watch() is None
# @expect sys.getrefcount(order) == 2
print("scratch freed when the call returned:", watch() is None)
print("references to the returned object:", sys.getrefcount(order) - 1)

before = sys.getallocatedblocks()
place_order()
# @say A second call whose result nobody keeps: its frame and both its objects are gone once it
# @say returns. The heap holds one block more than before the call, and that block is the int
# @say object `before` itself, made just after it counted the blocks.
# @expect sys.getallocatedblocks() - before == 1
print("blocks gained by a call that keeps nothing:", sys.getallocatedblocks() - before)
