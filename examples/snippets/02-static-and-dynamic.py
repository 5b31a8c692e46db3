# @snippet Static and dynamic allocation: everything in Python is an object on the heap
# @versions 3.8 3.9 3.10 3.11 3.12 3.13
# @compare 3.8 3.12
import sys

# @say The slides contrast static allocation ("memory allocated at compile time", arrays "only
# @say with fixed sizes" as in C) with dynamic allocation at run time on the heap, and conclude:
# @say "everything in Python is an object. This means that Dynamic Memory Allocation underlies
# @say Python Memory Management." CPython agrees: an int, a function and a class are each an object
# @say with a size and a reference count.
count = 12
# @say `12` is one of the small ints CPython makes once at start-up and shares. That is the nearest
# @say thing to static allocation here, and from 3.12 such objects are immortal: their reference
# @say count stays at 2**32 - 1 whatever the program does.
# @focus count
# @expect[3.12+] sys.getrefcount(count) == 4294967295
print("an int:", sys.getsizeof(count), "bytes")


def area(width, height):
    return width * height


# @focus area
# @expect[3.8,3.9] sys.getsizeof(area) == 136
# @expect[3.10] sys.getsizeof(area) == 144
# @expect[3.11] sys.getsizeof(area) == 152
# @expect[3.12+] sys.getsizeof(area) == 160
print("a function:", sys.getsizeof(area), "bytes")


class Point:
    pass


spot = Point()
# @say A class is an object too, and a big one: the type structure plus the key table its instances
# @say share, a size that changed with almost every version. An instance: 48 bytes (56 on 3.11).
# @focus Point, spot
# @expect[3.8,3.9] sys.getsizeof(Point) == 1064
# @expect[3.10] sys.getsizeof(Point) == 1072
# @expect[3.11] sys.getsizeof(Point) == 1688
# @expect[3.12] sys.getsizeof(Point) == 1704
# @expect[3.13] sys.getsizeof(Point) == 1712
# @expect[3.8-3.10] sys.getsizeof(spot) == 48
# @expect[3.12+] sys.getsizeof(spot) == 48
# @expect[3.11] sys.getsizeof(spot) == 56
print("a class:", sys.getsizeof(Point), "bytes; an instance:", sys.getsizeof(spot), "bytes")

# @say The nearest Python has to a fixed-size array is a list, and it is not fixed: its item array
# @say is a separate heap block that CPython reallocates as the list grows, with room to spare.
items = []  # @expect sys.getsizeof(items) == 56
for n in range(17):
    items.append(n)
# @say 17 items: the list grew four times (room for 4, 8, 16, then more). How much more depends on
# @say the version: 3.8 makes room for 25 items, 3.9 and later for 24 (a formula that rounds to 4).
# @expect[3.8] sys.getsizeof(items) == 56 + 25 * 8
# @expect[3.9+] sys.getsizeof(items) == 56 + 24 * 8
# @focus items
print("a list of", len(items), "items:", sys.getsizeof(items), "bytes")
