# @snippet Reference counting frees objects at once; the collector only breaks cycles
# @versions 3.8 3.10 3.11 3.12 3.13
# @compare 3.10 3.12
import gc
import sys
import weakref

# @say The slides: "as soon as variables and functions returns, Garbage collector clear the dead
# @say objects." In CPython most objects are freed by reference counting, the moment their count
# @say drops to zero; the cyclic garbage collector exists only for groups of objects that refer to
# @say each other. To see it, this snippet collects what start-up left behind, then switches the
# @say collector off.
gc.collect()
gc.disable()


class Node:
    def __init__(self, name):
        self.name = name
        self.partner = None


solo = Node("solo")
probe = weakref.ref(solo)
# @focus solo
# @expect sys.getrefcount(solo) == 2
del solo
# @say `del` removed the only reference: the count fell to zero and the object was freed on the
# @say spot, with the collector switched off.
# @expect probe() is None
print("freed at del:", probe() is None)

left = Node("left")
right = Node("right")
left.partner = right
right.partner = left
probe = weakref.ref(left)
# @focus left, right
# @expect sys.getrefcount(left) == 3
del left, right
# @say The names are gone, but each node still refers to the other: both counts are 1, so reference
# @say counting cannot free them. They wait for the collector.
# @expect probe() is not None
print("alive after del:", probe() is not None)

found = gc.collect()
# @say `gc.collect()` found the cycle unreachable and freed it. It returns the number of objects it
# @say found: 4 up to 3.10 (the two nodes and their two `__dict__`s), 2 from 3.11, where an
# @say instance keeps its attributes without a dict object.
# @expect probe() is None
# @expect[3.8-3.10] found == 4
# @expect[3.11+] found == 2
print("collected:", found)
gc.enable()
# @say The collector runs on its own once the program has made more container objects than it freed
# @say by its first threshold: 700 up to 3.12, 2000 on 3.13.
# @expect[3.8-3.12] gc.get_threshold()[0] == 700
# @expect[3.13] gc.get_threshold()[0] == 2000
