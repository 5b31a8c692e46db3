# Memory management and garbage collection in CPython, step by step.
# Run it with `pymemsim run examples/course/memory-management.py --summary`, or open it in
# VS Code and run "Python Memory: Run in Memory Simulator".
import gc
import sys

print("== 1. Stack and heap ==")
# Names live in stack frames; every value they refer to is an object on the heap.
# A frame is destroyed when its function returns; objects only it referred to are freed.


def make_greeting(name):
    greeting = f"Hello, {name}!"  # `greeting` is a local name in this call's frame
    return greeting               # the frame goes away; the string object lives on


message = make_greeting("heap")
print(message)
print("references to the returned string:", sys.getrefcount(message) - 1)

print()
print("== 2. Building strings ==")
# Strings are immutable: `+=` builds a new string object each time and frees the old one.
M = "Memory Management\n"
M += "Dont do this"
print(M)
# Joining a list builds the result once.
M = ["Memory", "Use this", "Best Result"]
print("\n".join(M))

print()
print("== 3. Sizes of objects ==")
# Every object carries a header (reference count and type) on top of its value.
print("sys.getsizeof(3.14) =", sys.getsizeof(3.14))
print("sys.getsizeof(2**63) =", sys.getsizeof(2**63))
print("sys.getsizeof(12) =", sys.getsizeof(12))
x = "Memory"
print(f"sys.getsizeof({x!r}) =", sys.getsizeof(x))
print("sys.getsizeof([]) =", sys.getsizeof([]))
print("sys.getsizeof({}) =", sys.getsizeof({}))
# pymalloc serves requests of up to 512 bytes from blocks in steps of 16 bytes (on 64-bit
# builds since 3.8; older tables show steps of 8): a 24-byte float and a 28-byte int both take a
# 32-byte block. Bigger requests go to the system's malloc.

print()
print("== 4. Reference counts ==")
numbers = [10, 20, 30]
print("one name:", sys.getrefcount(numbers) - 1)
alias = numbers
print("two names:", sys.getrefcount(numbers) - 1)
box = {"numbers": numbers}
print("two names and a dict:", sys.getrefcount(numbers) - 1)
del alias
box["numbers"] = None
print("one name again:", sys.getrefcount(numbers) - 1)

print()
print("== 5. Freed memory is reused ==")
# When the last reference goes, the object is freed at once and its block goes back to its
# pool; the next object of the same size class gets that very block.
word = "".join(["mem", "ory"])
address = id(word)
del word
other = "".join(["sto", "rage"])
print("new string in the freed block:", id(other) == address)

print()
print("== 6. Reference cycles and the garbage collector ==")


class Node:
    def __init__(self, name):
        self.name = name
        self.partner = None


a = Node("a")
b = Node("b")
a.partner = b
b.partner = a   # a -> b -> a: a cycle
print("references to a:", sys.getrefcount(a) - 1)
del a
del b           # the two nodes keep each other alive: reference counting cannot free them
print("unreachable objects found by gc.collect():", gc.collect())
print("a second collection finds nothing:", gc.collect())
