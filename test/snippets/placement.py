# @snippet Where annotations apply
# @versions 3.8 3.9 3.10 3.11 3.12 3.13
# @expect 'total' not in dir()
"""Where probes go: after docstrings, around multi-line statements, one-line blocks, decorators,
closures, generators, try/except and while loops; sys and gc used without importing them."""
total = sum([
    1,
    # @expect 'total' not in dir()
    2,
])  # @expect total == 3
# @expect sys.getsizeof(total) == 28
for k in range(2): total += k  # @expect total == 4
while total < 6:  # @expect total < 6
    total += 1
else:
    # @expect total == 6
    done = True


def deco(f):
    # @expect f.__name__ == 'inner'
    return f


@deco
def inner(n):
    # @expect n >= 0
    """Doc."""
    cells = [n]

    def get():
        # @expect len(cells) == 1
        return cells[0]
    # @expect get() == n
    return get


inner(0)()  # @expect inner.__doc__ == 'Doc.'


def gen(n):
    for i in range(n):
        yield i  # @expect i < n
        # @expect i < n


g = gen(2)
# @expect next(g) == 0
# @expect list(g) == [1]
try:
    1 / 0
except ZeroDivisionError as e:  # @expect str(e) == 'division by zero'
    err = str(e)
finally:
    # @expect err == 'division by zero'
    pass
import sys
before = sys.getallocatedblocks()
x = [1.5, 2.5]  # @expect sys.getallocatedblocks() - before == 2
y = (1, 2, 3)
# @say A tuple of constants is a constant itself: no block, and its code object holds it too.
# @expect sys.getallocatedblocks() - before == 2
# @expect sys.getrefcount(y) == 4
# @expect gc.is_tracked(x)
del x, y
# @say The list's block waits on the list free list; its item array is freed.
# @expect sys.getallocatedblocks() - before == 1
if total:
    z = 1
# @expect z == 1
else:
    z = 2
# @expect total == 6
