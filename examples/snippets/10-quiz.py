# @snippet Quiz: what the slides got right, and what changed with the versions
# @versions 3.8 3.9 3.11 3.12 3.13
# @compare 3.9 3.12
import gc, sys, weakref

# @say Five questions on the course's topics. Choose an answer, then let the run show it on the
# @say version you simulate; each answer says which versions it holds for.
gc.collect()  # nothing left over from start-up for the collector


class Box:
    pass


# @question On 64-bit CPython 3.8 to 3.13, how big is the pymalloc block that holds a float (`sys.getsizeof` says 24)?
# @choice 24 bytes, as in the slides' table
# @choice* 32 bytes
# @choice 64 bytes
# @answer 32 bytes on every version from 3.8: pymalloc rounds requests up to a multiple of 16 on 64-bit builds (the slides' 8-byte steps are 3.6 to 3.7.3). A float and a small int (28 bytes) share size class 1.
ratio = float("0.5")  # @expect mem.block_size(ratio) == 32

# @question What does `sys.getsizeof("Memory")` return on CPython 3.12?
# @choice 50, as in the slides
# @choice 55
# @choice* 47
# @answer 47 on 3.12 and 3.13: 40 bytes of header, 6 letters and a terminating zero. Up to 3.11 the header was 48 bytes, so 55.
x = "Memory"
# @expect[3.8-3.11] sys.getsizeof(x) == 55
# @expect[3.12+] sys.getsizeof(x) == 47

# @question When is an object that is in no reference cycle freed?
# @choice When the function that made it returns, by the garbage collector
# @choice* As soon as its reference count drops to zero
# @choice At the next automatic collection
# @answer At once, by reference counting, on every version: the cyclic collector only deals with objects that refer to each other in a cycle (it runs by itself once container objects made outnumber those freed by 700 up to 3.12, by 2000 on 3.13).
box = Box()
probe = weakref.ref(box)
del box
# @expect probe() is None

# @question On CPython 3.12, how big is a pymalloc arena, and how big is a pool?
# @choice 256 KiB, of 64 pools of 4 KiB, as in the slides
# @choice* 1 MiB, of 16 KiB pools
# @choice 256 KiB, of 16 KiB pools
# @answer 1 MiB arenas of 16 KiB pools, on 64-bit builds from 3.10. The slides' 256 KiB arenas of 4 KiB pools held up to 3.9. A 16 KiB pool holds 31 blocks of 512 bytes, a 4 KiB pool 7 (48 bytes go to the pool's header).
chunk = bytes(479)  # @expect mem.block_size(chunk) == 512

# @question Two objects refer to each other, and their names are deleted. What does `gc.collect()` return on CPython 3.12?
# @choice 0: reference counting already freed them
# @choice 4: the two objects and their two `__dict__`s
# @choice* 2: the two objects
# @answer 2 from 3.11, where an instance keeps its attributes without a dict object; 4 up to 3.10. Reference counting alone cannot free a cycle: each object keeps the other's count at 1.
first, second = Box(), Box()
first.other, second.other = second, first
del first, second
found = gc.collect()
# @expect[3.8,3.9] found == 4
# @expect[3.11+] found == 2
print("collected:", found)
