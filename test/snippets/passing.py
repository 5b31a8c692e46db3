# A snippet whose expectations all hold, on every version it names: sizes, reference counts,
# identity, blocks and collections, at points before lines, after lines, in a loop, in a
# function called twice, in a class body and at the end of the run.
# @snippet Lists, references and blocks
# @versions 3.8 3.9 3.10 3.11 3.12 3.13
import sys
import gc

numbers = [10, 20, 30]
# @expect len(numbers) == 3
# @expect[3.8] sys.getsizeof(numbers) == 80
# @expect[3.9] sys.getsizeof(numbers) == 120
# @expect[3.10+] sys.getsizeof(numbers) == 88
# @expect sys.getrefcount(numbers) == 2
alias = numbers  # @expect sys.getrefcount(numbers) == 3
# @expect alias is numbers
# @expect numbers == [10, 20, 30]
del alias
# @expect sys.getrefcount(numbers) == 2

small = 256
# @expect small is 256
text = 'memory'
# @expect[3.8-3.11] sys.getsizeof(text) == 55
# @expect[3.12+] sys.getsizeof(text) == 47
# @expect 'memory' in text

before = sys.getallocatedblocks()
pair = [object(), object()]
# @expect sys.getallocatedblocks() - before == 4

for i in range(3):
    numbers.append(i)
    # @expect len(numbers) == 4 + i


def grow(items, n):
    # @expect n > 0
    items.extend(range(n))
    return len(items)


grow(numbers, 2)
grow(numbers, 3)
# @expect len(numbers) == 11


class Node:
    # @expect __qualname__ == 'Node'
    def __init__(self, value):
        self.value = value
        self.next = None


a = Node(1)
b = Node(2)
a.next, b.next = b, a
# @expect sys.getrefcount(a) == 3
collected_before = gc.collect()
del a, b
# @expect[3.8-3.10] gc.collect() == 4
# @expect[3.11+] gc.collect() == 2
# @expect[3.8-3.10] gc.is_tracked(numbers)
d = {'k': 1}
# @expect[3.8-3.10] sys.getsizeof(d) == 232
# @expect[3.11+] sys.getsizeof(d) == 184
# @expect isinstance(sys.getsizeof(d), int)
